namespace IntegrationHub.Hub.Host.Cli;

/// <summary>The command line asks for something that cannot be done; the message says what to type instead.</summary>
internal sealed class CommandLineException(string message) : Exception(message);
