using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace IntegrationHub.Tests.Common.Mqtt;

/// <summary>
/// A mosquitto broker for one test: its own temp folder, config, persistence and log, on an OS-chosen loopback port.
/// Config follows ../shared/PEERS.md: max_queued_messages raised (the default 1000 silently drops QoS 1 messages to a
/// slow subscriber), persistence on with autosave every second. Killed and deleted on dispose.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private const string Executable = "mosquitto";
    private readonly StringBuilder _output = new();
    private Process? _process;

    private MosquittoBroker(string directory, MosquittoOptions options)
    {
        Directory = directory;
        Options = options;
        int[] ports = LoopbackPort.GetFree(options.Tls ? 2 : 1);
        Port = ports[0];
        if (options.Tls)
        {
            TlsPort = ports[1];
            Certificates = TestCertificates.Create(directory);
        }
    }

    public string Directory { get; }

    public MosquittoOptions Options { get; }

    public int Port { get; }

    public int? TlsPort { get; }

    public TestCertificates? Certificates { get; }

    public string ConfigFile => Path.Combine(Directory, "mosquitto.conf");

    public string LogFile => Path.Combine(Directory, "mosquitto.log");

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("mosquitto is not running.");

    public static async Task<MosquittoBroker> StartAsync(MosquittoOptions? options = null, CancellationToken cancellationToken = default)
    {
        string directory = Path.Combine(Path.GetTempPath(), "ih-mosquitto-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var broker = new MosquittoBroker(directory, options ?? new MosquittoOptions());
        try
        {
            await broker.WriteConfigAsync(cancellationToken).ConfigureAwait(false);
            await broker.StartProcessAsync(cancellationToken).ConfigureAwait(false);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops with SIGTERM (mosquitto saves its persistence file on the way out) and waits for the exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not { } process)
        {
            return;
        }

        await SignalAsync("TERM", cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        process.Dispose();
        _process = null;
    }

    /// <summary>Starts again with the same config, port and persistence folder.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartProcessAsync(cancellationToken);

    /// <summary>Freezes the broker (SIGSTOP): connections stay open at the TCP level but nothing is answered.</summary>
    public Task PauseAsync(CancellationToken cancellationToken = default) => SignalAsync("STOP", cancellationToken);

    /// <summary>Resumes a paused broker (SIGCONT).</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default) => SignalAsync("CONT", cancellationToken);

    public string ReadLog()
    {
        string log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : string.Empty;
        lock (_output)
        {
            return log + _output;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                await SignalAsync("CONT", CancellationToken.None).ConfigureAwait(false);
                process.Kill();
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            _process = null;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WriteConfigAsync(CancellationToken cancellationToken)
    {
        var config = new StringBuilder();
        config.AppendLine("per_listener_settings false");
        config.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1");
        if (Options.MaxTopicAlias is { } maxTopicAlias)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"max_topic_alias {maxTopicAlias}");  // a listener setting
        }

        if (TlsPort is { } tlsPort && Certificates is { } certificates)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"listener {tlsPort} 127.0.0.1");
            config.AppendLine(CultureInfo.InvariantCulture, $"cafile {certificates.CaFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"certfile {certificates.ServerCertFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"keyfile {certificates.ServerKeyFile}");
            config.AppendLine(Options.RequireClientCertificate ? "require_certificate true" : "require_certificate false");
        }

        if (Options.Users is { Count: > 0 } users)
        {
            string passwordFile = Path.Combine(Directory, "passwords");
            await File.WriteAllTextAsync(passwordFile, string.Empty, cancellationToken).ConfigureAwait(false);
            foreach ((string user, string password) in users)
            {
                await RunAsync("mosquitto_passwd", ["-b", passwordFile, user, password], cancellationToken).ConfigureAwait(false);
            }

            config.AppendLine("allow_anonymous false");
            config.AppendLine(CultureInfo.InvariantCulture, $"password_file {passwordFile}");
        }
        else
        {
            config.AppendLine("allow_anonymous true");
        }

        // Running as root, mosquitto would drop to the 'mosquitto' user and could not write this folder (PEERS.md).
        config.AppendLine("user root");
        config.AppendLine("persistence true");
        config.AppendLine(CultureInfo.InvariantCulture, $"persistence_location {Directory}/");
        config.AppendLine("autosave_interval 1");
        foreach (string setting in Options.QueueSettings ?? ["max_queued_messages 1000000", $"max_inflight_messages {Options.MaxInflightMessages}"])
        {
            config.AppendLine(setting);
        }

        if (Options.SysInterval is { } sysInterval)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"sys_interval {sysInterval}");
        }

        config.AppendLine(CultureInfo.InvariantCulture, $"log_dest file {LogFile}");
        config.AppendLine("log_type error");
        config.AppendLine("log_type warning");
        config.AppendLine("log_type notice");
        config.AppendLine("log_type information");
        if (Options.LogPackets)
        {
            config.AppendLine("log_type debug");
        }
        await File.WriteAllTextAsync(ConfigFile, config.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-c", ConfigFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start; is it installed (apt-get install mosquitto)?");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await LoopbackPort.WaitUntilAcceptingAsync(Port, () => !process.HasExited, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
            if (TlsPort is { } tlsPort)
            {
                await LoopbackPort.WaitUntilAcceptingAsync(tlsPort, () => !process.HasExited, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException("mosquitto failed to start: " + ReadLog(), ex);
        }
    }

    private async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false } process)
        {
            await RunAsync("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start.");
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}");
        }
    }
}
