using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Patroni;

namespace IntegrationHub.Tests.Common.Ldap;

/// <summary>
/// Debian's OpenLDAP slapd 2.5, started for real in a folder of its own: a slapd.conf with the ppolicy overlay
/// (lockout) and the memberof overlay (which keeps users' memberOf in step with groupOfNames changes), a certificate from a throwaway CA for ldaps:// and StartTLS, the given LDIF loaded with slapadd, and two
/// loopback ports (ldap:// and ldaps://). It accepts unauthenticated binds (a DN with an empty password), as some
/// directories do, so that a client's own guard against them is what a test sees. Disposing stops it.
/// </summary>
public sealed class SlapdServer : IAsyncDisposable
{
    public const string Suffix = "dc=plant,dc=test";
    public const string RootDn = "cn=admin," + Suffix;
    private const string RootPassword = "slapd-root-secret";
    private const string Slapd = "/usr/sbin/slapd";

    private readonly LoggedProcess _process;

    private SlapdServer(LoggedProcess process, string folder, int plainPort, int tlsPort, TestCertificates certificates)
    {
        _process = process;
        Folder = folder;
        PlainPort = plainPort;
        TlsPort = tlsPort;
        Certificates = certificates;
        TrustedCaDirectory = Path.Combine(folder, "trusted-ca");
        UntrustedCaDirectory = Path.Combine(folder, "other-ca");
    }

    public string Folder { get; }

    public int PlainPort { get; }

    public int TlsPort { get; }

    public TestCertificates Certificates { get; }

    /// <summary>A folder holding only the CA that signed slapd's certificate.</summary>
    public string TrustedCaDirectory { get; }

    /// <summary>A folder holding only a CA that signed nothing here.</summary>
    public string UntrustedCaDirectory { get; }

    /// <summary>ldap://127.0.0.1:port, upgraded with StartTLS by a client.</summary>
    public string StartTlsUrl => string.Create(CultureInfo.InvariantCulture, $"ldap://127.0.0.1:{PlainPort}");

    public string LdapsUrl => string.Create(CultureInfo.InvariantCulture, $"ldaps://127.0.0.1:{TlsPort}");

    /// <summary>slapd's own output, for a failing test's message.</summary>
    public string Output => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no output)";

    private string LogFile => Path.Combine(Folder, "slapd.log");

    /// <summary>Starts slapd with <paramref name="ldif"/> (entries under <see cref="Suffix"/>, the suffix entry included).</summary>
    public static async Task<SlapdServer> StartAsync(string ldif, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Slapd))
        {
            throw new InvalidOperationException($"{Slapd} is missing; deploy/install-deps.sh installs Debian's slapd and ldap-utils.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "hub-slapd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "db"));
        var certificates = TestCertificates.Create(folder);
        foreach (var (name, ca) in new[] { ("trusted-ca", certificates.CaFile), ("other-ca", certificates.OtherCaFile) })
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            File.Copy(ca, Path.Combine(folder, name, "ca.pem"));
        }

        var config = Path.Combine(folder, "slapd.conf");
        await File.WriteAllTextAsync(config, Config(folder, certificates), cancellationToken).ConfigureAwait(false);
        var data = Path.Combine(folder, "data.ldif");
        await File.WriteAllTextAsync(data, ldif, cancellationToken).ConfigureAwait(false);
        var (code, output) = await RunAsync("/usr/sbin/slapadd", ["-f", config, "-l", data], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"slapadd failed ({code}):\n{output}");
        }

        var ports = LoopbackPort.GetFree(2);
        // -d 0: stay in the foreground (the test owns the process) and log nothing but errors.
        var process = LoggedProcess.Start(
            Slapd, ["-h", $"ldap://127.0.0.1:{ports[0]}/ ldaps://127.0.0.1:{ports[1]}/", "-f", config, "-d", "0"], Path.Combine(folder, "slapd.log"), asPostgres: false);
        var server = new SlapdServer(process, folder, ports[0], ports[1], certificates);
        DetachedCleanup.WhenProcessEnds(Environment.ProcessId, string.Create(CultureInfo.InvariantCulture, $"kill {process.Id} >/dev/null 2>&1; rm -rf '{folder}'"));
        try
        {
            foreach (var port in ports)
            {
                await LoopbackPort.WaitUntilAcceptingAsync(port, () => !process.HasExited, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            var log = server.Output;
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"slapd did not start accepting on 127.0.0.1:{ports[0]} and {ports[1]}: {ex.Message}\n{log}", ex);
        }

        return server;
    }

    /// <summary>Applies an LDIF change (ldapmodify) as the directory's root, as an administrator would.</summary>
    public async Task ModifyAsync(string ldif, CancellationToken cancellationToken = default)
    {
        var file = Path.Combine(Folder, "change-" + Guid.NewGuid().ToString("N") + ".ldif");
        await File.WriteAllTextAsync(file, ldif, cancellationToken).ConfigureAwait(false);
        var (code, output) = await RunAsync("/usr/bin/ldapmodify", ["-x", "-H", StartTlsUrl, "-D", RootDn, "-w", RootPassword, "-f", file], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"ldapmodify failed ({code}):\n{output}");
        }
    }

    /// <summary>Runs ldapwhoami with a simple bind over StartTLS (trusting the test CA); the exit code and output.</summary>
    public Task<(int Code, string Output)> WhoAmIAsync(string dn, string password, CancellationToken cancellationToken = default) =>
        RunAsync("/usr/bin/ldapwhoami", ["-x", "-ZZ", "-H", StartTlsUrl, "-D", dn, "-w", password], cancellationToken, ("LDAPTLS_CACERT", Certificates.CaFile));

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the detached clean-up.
        }
    }

    private static string Config(string folder, TestCertificates certificates) => $"""
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        modulepath /usr/lib/ldap
        moduleload back_mdb
        moduleload ppolicy
        moduleload memberof
        pidfile {folder}/slapd.pid
        argsfile {folder}/slapd.args
        TLSCACertificateFile {certificates.CaFile}
        TLSCertificateFile {certificates.ServerCertFile}
        TLSCertificateKeyFile {certificates.ServerKeyFile}
        allow bind_anon_dn
        database mdb
        maxsize 10485760
        suffix "{Suffix}"
        rootdn "{RootDn}"
        rootpw {RootPassword}
        directory {folder}/db
        access to dn.base="" by * read
        access to attrs=userPassword by anonymous auth by * none
        access to * by users read by * none
        overlay memberof
        overlay ppolicy
        ppolicy_default "cn=default,ou=policies,{Suffix}"
        ppolicy_use_lockout

        """;

    private static async Task<(int Code, string Output)> RunAsync(
        string file, string[] arguments, CancellationToken cancellationToken, (string Name, string Value)? environment = null)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is { } variable)
        {
            start.Environment[variable.Name] = variable.Value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
