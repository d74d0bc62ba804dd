namespace IntegrationHub.Bench.Running;

/// <summary>A benchmark's scratch folder under the work folder, emptied before each run.</summary>
internal static class WorkFolder
{
    /// <summary>Deletes <c>&lt;work&gt;/<paramref name="name"/></c> with what an earlier run left in it, creates it empty, and returns its path.</summary>
    public static string Fresh(BenchSettings settings, string name)
    {
        var folder = Path.Combine(settings.WorkFolder, name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }
}
