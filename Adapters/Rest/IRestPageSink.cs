namespace IntegrationHub.Adapters.Rest;

/// <summary>Where polled pages go. The hub maps the items and stores them, with their dead letters, in one transaction.</summary>
public interface IRestPageSink
{
    /// <summary>Stores the page's items; when it returns they are durable.</summary>
    Task StoreAsync(RestPage page, CancellationToken cancellationToken);
}
