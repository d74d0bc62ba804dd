using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Tests.Common.Nginx;

/// <summary>
/// Debian's nginx, started for real from the repository's sample <c>deploy/ha/nginx-hub.conf</c> in a folder of its
/// own (pid, logs and temporary files there; <c>daemon off</c>, so the test owns the process), balancing the given
/// upstream ports on 127.0.0.1. Disposing stops it.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NginxProxy(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    /// <summary>Where clients connect: http://127.0.0.1:{Port}.</summary>
    public int Port { get; }

    public string Folder { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>nginx's error log, for a failing test's message.</summary>
    public string ErrorLog
    {
        get
        {
            var path = Path.Combine(Folder, "error.log");
            return File.Exists(path) ? File.ReadAllText(path) : "(no error log)";
        }
    }

    public static async Task<NginxProxy> StartAsync(IReadOnlyList<int> upstreamPorts, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing; deploy/install-deps.sh installs Debian's nginx.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "hub-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = LoopbackPort.GetFree();
        var upstreams = string.Join('\n', upstreamPorts.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;")));
        var template = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "ha", "nginx-hub.conf"), cancellationToken).ConfigureAwait(false);
        var config = template
            .Replace("{{prefix}}", folder, StringComparison.Ordinal)
            .Replace("{{listen}}", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"), StringComparison.Ordinal)
            .Replace("{{upstreams}}", upstreams, StringComparison.Ordinal);
        var configPath = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config, cancellationToken).ConfigureAwait(false);

        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        // -e: the startup error log before the config's own is open (nginx opens /var/log/nginx/error.log otherwise).
        foreach (var argument in new[] { "-p", folder, "-e", Path.Combine(folder, "startup.log"), "-c", configPath, "-g", "daemon off; master_process on;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var proxy = new NginxProxy(process, folder, port);
        process.OutputDataReceived += (_, e) => proxy.Append(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await LoopbackPort.WaitUntilAcceptingAsync(port, () => !process.HasExited, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var output = proxy.Output;
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"nginx did not start accepting on 127.0.0.1:{port}: {ex.Message}\n{output}\n{proxy.ErrorLog}", ex);
        }

        return proxy;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGQUIT would wait for open connections (event streams); the test is over, so SIGTERM: fast shutdown.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A worker still closing its log: the temporary folder is left for the OS to clean.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
