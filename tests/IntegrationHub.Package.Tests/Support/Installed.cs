namespace IntegrationHub.Package.Tests.Support;

/// <summary>What dpkg and the file system say about the installed package.</summary>
internal static class Installed
{
    public const string Package = "integrationhub";
    public const string User = "integrationhub";
    public const string ProgramFolder = "/usr/lib/integrationhub";
    public const string DataFolder = "/var/lib/integrationhub";
    public const string SettingsFolder = "/etc/integrationhub";
    public const string Settings = "/etc/integrationhub/appsettings.json";
    public const string Unit = "/lib/systemd/system/integrationhub.service";

    /// <summary>"mode owner group" of a path as stat prints them, e.g. "750 integrationhub integrationhub".</summary>
    public static async Task<string> StatAsync(string path) => (await Command.CheckAsync("stat", "-c", "%a %U %G", path)).Trim();

    /// <summary>dpkg's status of the package, e.g. "install ok installed 0.19.0.1", or null when dpkg does not know it.</summary>
    public static async Task<string?> StatusAsync()
    {
        var result = await Command.RunAsync("dpkg-query", ["-W", "-f=${Status} ${Version}", Package]);
        return result.ExitCode == 0 && result.Output.Length > 0 ? result.Output.Trim() : null;
    }

    /// <summary>Purges the package if dpkg knows it in any state: a previous run may have left it behind.</summary>
    public static async Task PurgeAsync()
    {
        if (await StatusAsync() is not null)
        {
            (await Command.RunAsync("dpkg", ["--purge", Package])).EnsureSuccess();
        }
    }
}
