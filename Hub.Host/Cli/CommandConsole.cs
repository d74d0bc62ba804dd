namespace IntegrationHub.Hub.Host.Cli;

/// <summary>Where an admin command writes: results to standard output, problems to standard error.</summary>
internal sealed record CommandConsole(TextWriter Out, TextWriter Error);
