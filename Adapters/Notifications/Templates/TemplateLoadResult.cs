namespace IntegrationHub.Adapters.Notifications.Templates;

/// <summary>The templates, or every problem found in the folder (each naming the file).</summary>
public sealed record TemplateLoadResult(NotificationTemplates? Templates, IReadOnlyList<string> Errors);
