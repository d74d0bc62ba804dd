namespace IntegrationHub.Package.Tests.Support;

/// <summary>A finished program: its command line, exit code and output.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string Output, string Error)
{
    public CommandResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"`{CommandLine}` exited with {ExitCode}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }

        return this;
    }
}
