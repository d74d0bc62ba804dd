using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Package.Tests.Support;

/// <summary>
/// Builds the package twice per test run with deploy/package.sh, into artifacts/package-tests/: version A, and a later
/// version B. Each build is a real self-contained publish with its own version, so B's hub.dll says B (the second
/// publish recompiles only Hub.Host: the version property is read by that project alone).
/// </summary>
public sealed class PackageBuild : IAsyncLifetime
{
    /// <summary>The version every build starts from: deploy/package/VERSION.</summary>
    public static string BaseVersion => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "package", "VERSION")).Trim();

    /// <summary>The first version installed: the base version's first three numbers, then 1.</summary>
    public string VersionA { get; } = string.Join('.', BaseVersion.Split('.').Take(3)) + ".1";

    /// <summary>The upgrade: the same, then 2.</summary>
    public string VersionB { get; } = string.Join('.', BaseVersion.Split('.').Take(3)) + ".2";

    public string PackageA => Path.Combine(Folder, $"integrationhub_{VersionA}_amd64.deb");

    public string PackageB => Path.Combine(Folder, $"integrationhub_{VersionB}_amd64.deb");

    private static string Folder => Path.Combine(RepositoryPaths.Root, "artifacts", "package-tests");

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryPaths.Root, "deploy", "package.sh");
        foreach (var version in (string[])[VersionA, VersionB])
        {
            var result = await Command.RunAsync(script, ["--version", version, "--out", Folder]);
            result.EnsureSuccess();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
