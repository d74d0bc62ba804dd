using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Tests.Common.Prometheus;

/// <summary>
/// Debian's Prometheus (2.42), started for real on a loopback port with the repository's
/// <c>deploy/prometheus/prometheus.yml</c> rendered into a folder of its own (its database there too), scraping every
/// two seconds, with <c>deploy/prometheus/alerts.yml</c> loaded. The hubs it scrapes are named in a targets file
/// (<see cref="SetTargetsAsync"/>), which Prometheus re-reads when it changes, so one server serves a whole test class.
/// Disposing stops it.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>What Prometheus printed, for a failing test's message.</summary>
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

    /// <summary>Starts Prometheus, sending <paramref name="token"/> as the bearer token of every scrape.</summary>
    public static async Task<PrometheusServer> StartAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing; deploy/install-deps.sh installs Debian's prometheus.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "hub-prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var tokenFile = Path.Combine(folder, "hub.token");
        await File.WriteAllTextAsync(tokenFile, token + "\n", cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            // As the deployment asks of the real token file (deploy/prometheus/prometheus.yml).
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var targetsFile = Path.Combine(folder, "targets.yml");
        await File.WriteAllTextAsync(targetsFile, "[]\n", cancellationToken).ConfigureAwait(false);
        var deploy = Path.Combine(RepositoryPaths.Root, "deploy", "prometheus");
        var template = await File.ReadAllTextAsync(Path.Combine(deploy, "prometheus.yml"), cancellationToken).ConfigureAwait(false);
        var config = template
            // Often, for short tests; the timeout as long as the interval allows, for a busy machine.
            .Replace("{{scrape_interval}}", "2s", StringComparison.Ordinal)
            .Replace("{{scrape_timeout}}", "2s", StringComparison.Ordinal)
            .Replace("{{alerts_file}}", Path.Combine(deploy, "alerts.yml"), StringComparison.Ordinal)
            .Replace("{{token_file}}", tokenFile, StringComparison.Ordinal)
            .Replace("{{targets_file}}", targetsFile, StringComparison.Ordinal);
        if (Unrendered(config) is { } left)
        {
            throw new InvalidOperationException($"deploy/prometheus/prometheus.yml has a placeholder the fixture does not fill: {left}");
        }

        var configPath = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config, cancellationToken).ConfigureAwait(false);

        var port = LoopbackPort.GetFree();
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + configPath,
            "--storage.tsdb.path=" + Path.Combine(folder, "data"),
            "--web.listen-address=" + string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"),
            "--web.enable-lifecycle",
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        var server = new PrometheusServer(process, folder, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Stopped with the test host even when the runner kills it before the fixture's disposal.
        DetachedCleanup.WhenProcessEnds(Environment.ProcessId, string.Create(CultureInfo.InvariantCulture, $"kill {process.Id} 2>/dev/null; rm -rf '{folder}'"));
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"prometheus did not become ready on 127.0.0.1:{port}: {ex.Message}\n{server.Output}", ex);
        }

        return server;
    }

    // Placeholders are {{name}}; the template's comments name them too, and stay as they are.
    private static string? Unrendered(string config) =>
        config.Split('\n').FirstOrDefault(line => !line.TrimStart().StartsWith('#') && line.Contains("{{", StringComparison.Ordinal));

    /// <summary>Makes the hubs at <paramref name="addresses"/> (host:port) the scrape targets, replacing the previous ones.</summary>
    public async Task SetTargetsAsync(IEnumerable<string> addresses, CancellationToken cancellationToken = default)
    {
        var yaml = "- targets: [" + string.Join(", ", addresses.Select(a => "'" + a + "'")) + "]\n";
        var path = Path.Combine(Folder, "targets.yml");
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, yaml, cancellationToken).ConfigureAwait(false);
        // Renamed into place, so Prometheus never reads half a file.
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The result of an instant query (<c>/api/v1/query</c>): each series' labels and value. Throws when Prometheus
    /// answers with an error (a bad query).
    /// </summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        if (body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused '{promql}': {body}");
        }

        var data = body.GetProperty("data");
        if (data.GetProperty("resultType").GetString() != "vector")
        {
            throw new InvalidOperationException($"'{promql}' gave a {data.GetProperty("resultType").GetString()}, not a vector.");
        }

        return [.. data.GetProperty("result").EnumerateArray().Select(series => new PrometheusSample(
            series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The names of the alerting rules Prometheus loaded (<c>/api/v1/rules</c>).</summary>
    public async Task<IReadOnlyList<string>> AlertRuleNamesAsync(CancellationToken cancellationToken = default)
    {
        var body = await _http.GetFromJsonAsync<JsonElement>("/api/v1/rules?type=alert", cancellationToken).ConfigureAwait(false);
        return [.. body.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => r.GetProperty("name").GetString()!)];
    }

    /// <summary>The scrape targets' health as Prometheus saw it last (<c>/api/v1/targets</c>): address, health, last error.</summary>
    public async Task<string> TargetsAsync(CancellationToken cancellationToken = default) =>
        await _http.GetStringAsync("/api/v1/targets", cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
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
            // The folder is left for the detached clean-up.
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        // A hang guard only; Prometheus is ready in well under a second here.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await _http.GetAsync("/-/ready", deadline.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            // The poll interval of a condition wait with the hang guard above.
            await Task.Delay(100, deadline.Token).ConfigureAwait(false);
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
