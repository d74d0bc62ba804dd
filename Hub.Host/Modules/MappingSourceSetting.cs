namespace IntegrationHub.Hub.Host.Modules;

/// <summary>A mapping source named by a setting: <paramref name="Setting"/> is its full path, for the error message.</summary>
internal readonly record struct MappingSourceSetting(string Source, string Setting);
