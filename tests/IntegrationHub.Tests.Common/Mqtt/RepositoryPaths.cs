namespace IntegrationHub.Tests.Common.Mqtt;

/// <summary>Finds files of the repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>Gets the folder that holds IntegrationHub.sln.</summary>
    public static string Root
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("IntegrationHub.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
