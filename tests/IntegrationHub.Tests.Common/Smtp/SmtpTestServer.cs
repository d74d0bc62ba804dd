using System.Diagnostics;
using System.Text;
using System.Text.Json;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Tests.Common.Smtp;

/// <summary>
/// A real SMTP server on loopback for one test: Debian's python3-aiosmtpd, with STARTTLS or implicit TLS (a test CA
/// made here), AUTH PLAIN, LOGIN and XOAUTH2, and the messages it accepted readable back as parsed by Python's e-mail
/// package, with the connection each came on.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private SmtpTestServer(string directory, int port, TestCertificates? certificates, Process process)
    {
        Directory = directory;
        Port = port;
        Certificates = certificates;
        _process = process;
    }

    public string Directory { get; }

    public string MailDirectory => Path.Combine(Directory, "mail");

    public int Port { get; }

    /// <summary>The CA and server certificate, when started with TLS.</summary>
    public TestCertificates? Certificates { get; }

    public string UserName => "hub";

    public string Password => "smtp-test-password";

    /// <param name="dropAfterData">
    /// The first this many messages are kept, then the connection is closed before the reply to their DATA: the client
    /// cannot tell that the server took the message (the at-least-once window of issue 18 item 3).
    /// </param>
    public static Task<SmtpTestServer> StartAsync(
        bool tls = true, bool auth = true, string? failWith = null, int dropAfterData = 0, CancellationToken cancellationToken = default) =>
        StartAsync(new SmtpTestServerOptions { Tls = tls, Auth = auth, FailWith = failWith, DropAfterData = dropAfterData }, cancellationToken);

    public static async Task<SmtpTestServer> StartAsync(SmtpTestServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (tls, auth, failWith, dropAfterData) = (options.Tls, options.Auth, options.FailWith, options.DropAfterData);
        var directory = Path.Combine(Path.GetTempPath(), "ih-smtp-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var certificates = tls ? TestCertificates.Create(directory) : null;
        var port = LoopbackPort.GetFree();
        var script = Path.Combine(RepositoryPaths.Root, "tests", "IntegrationHub.Tests.Common", "Smtp", "smtp_server.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mail-dir", Path.Combine(directory, "mail") })
        {
            start.ArgumentList.Add(arg);
        }

        if (certificates is not null)
        {
            start.ArgumentList.Add("--cert");
            start.ArgumentList.Add(certificates.ServerCertFile);
            start.ArgumentList.Add("--key");
            start.ArgumentList.Add(certificates.ServerKeyFile);
        }

        if (auth)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add("hub");
            start.ArgumentList.Add("--password");
            start.ArgumentList.Add("smtp-test-password");
        }

        if (failWith is not null)
        {
            start.ArgumentList.Add("--fail-with");
            start.ArgumentList.Add(failWith);
        }

        if (dropAfterData > 0)
        {
            start.ArgumentList.Add("--drop-after-data");
            start.ArgumentList.Add(dropAfterData.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var arg in options.MoreArguments())
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start; install python3-aiosmtpd (deploy/install-deps.sh).");
        var server = new SmtpTestServer(directory, port, certificates, process);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (server._output)
            {
                server._output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("READY", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (server._output)
            {
                server._output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var output = server.Output;
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The SMTP test server did not start within 20 s: {output}");
        }

        return server;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The messages accepted so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> Messages()
    {
        if (!System.IO.Directory.Exists(MailDirectory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(MailDirectory, "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<ReceivedMail>(File.ReadAllText(f), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!)];
    }

    /// <summary>Lets the server answer the DATA replies it holds (<see cref="SmtpTestServerOptions.HoldData"/>), now and from then on.</summary>
    public void ReleaseHeldReplies() => File.WriteAllText(Path.Combine(Directory, "release"), "released");

    /// <summary>How many client connections the server has accepted, and how many of them have ended.</summary>
    public (int Opened, int Closed) Connections()
    {
        var file = Path.Combine(Directory, "connections.json");
        if (!File.Exists(file))
        {
            return (0, 0);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return (json.RootElement.GetProperty("opened").GetInt32(), json.RootElement.GetProperty("closed").GetInt32());
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived, or the timeout passes.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// One accepted message as Python's e-mail parser read it; <paramref name="MessageId"/> with its angle brackets, null
/// when absent; <paramref name="Connection"/> numbers the client connection it came on (1, 2, ...);
/// <paramref name="RawFile"/> holds the bytes as received.
/// </summary>
public sealed record ReceivedMail(
    string MailFrom, IReadOnlyList<string> RcptTo, string From, string Subject, string Body, bool Tls, bool Authenticated,
    string? MessageId = null, string? FromName = null, string? AuthMechanism = null, int Connection = 0, string? RawFile = null);
