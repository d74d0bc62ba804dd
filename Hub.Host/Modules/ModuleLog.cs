namespace IntegrationHub.Hub.Host.Modules;

/// <summary>The adapter modules' log messages; event ids 1820-1829 (issue 19 item 5).</summary>
internal static partial class ModuleLog
{
    /// <summary>Which adapter modules this build of the hub found, and their sections: for an operator reading the start.</summary>
    [LoggerMessage(EventId = 1820, Level = LogLevel.Information, Message = "Adapter modules: {Modules}")]
    public static partial void ModulesFound(ILogger logger, string modules);
}
