using IntegrationHub.Hub.Host.Cli;

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The server handles Ctrl+C itself; an admin command is cancelled cleanly instead of killed mid-write.
    e.Cancel = true;
    stopping.Cancel();
};

return await HubCommandLine.RunAsync(args, Console.Out, Console.Error, stopping.Token);
