namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// One committed change, as small as a notification may be: its kind and key (an id, never customer data), so that a
/// live page knows whether to re-read, and re-reads through the store as it would anyway.
/// </summary>
internal readonly record struct ChangeNotice(ChangeKind Kind, string Key)
{
    public static ChangeNotice Everything { get; } = new(ChangeKind.Everything, string.Empty);

    public static ChangeNotice Credentials { get; } = new(ChangeKind.Credentials, string.Empty);
}
