using System.Diagnostics;
using System.Net.Sockets;
using IntegrationHub.Adapters.Notifications.Templates;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Files that are not regular files in the folders the hub reads its settings from (session 25): a FIFO in rules/
/// blocked the hub's start forever (File.ReadAllText waits for a writer). Rules, mappings and templates are read
/// through <see cref="SettingsFile"/>: a FIFO, a socket, a link out of the folder or a huge file is an error naming the
/// file, the other files are still read, and nothing blocks.
/// </summary>
public sealed class SettingsFileTests : IDisposable
{
    private const string Rule = TestRules.Overheat;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "settings-files-" + Guid.NewGuid().ToString("N"));

    public SettingsFileTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void RuleFolder_Fifo_RefusedWithoutBlocking_OtherFilesRead()
    {
        File.WriteAllText(Path.Combine(_folder, "plant.yaml"), Rule);
        MakeFifo(Path.Combine(_folder, "pipe.yaml"));

        var set = RuleFileReader.LoadDirectory(_folder);

        Assert.Equal("pipe.yaml: not read: it is a named pipe (FIFO), not a regular file; settings files are read only as regular files", Assert.Single(set.Errors));
        Assert.Equal("overheat", Assert.Single(set.Rules).Rule.Id);
    }

    [Fact]
    public void RuleFolder_LinkToEtcPasswd_Refused_TargetNotRead()
    {
        File.CreateSymbolicLink(Path.Combine(_folder, "passwd.yaml"), "/etc/passwd");

        var set = RuleFileReader.LoadDirectory(_folder);

        var error = Assert.Single(set.Errors);
        Assert.Equal("passwd.yaml: not read: it is a symbolic link to '/etc/passwd', which leads out of its folder; the hub reads settings files only from within their folder: copy the file in", error);
        Assert.Empty(set.Rules);
    }

    [Fact]
    public void RuleFolder_LinkThroughALinkedSubfolder_Refused()
    {
        // rules/shared -> /etc, rules/passwd.yaml -> shared/passwd: the link's own target looks inside the folder.
        Directory.CreateSymbolicLink(Path.Combine(_folder, "shared"), "/etc");
        File.CreateSymbolicLink(Path.Combine(_folder, "passwd.yaml"), Path.Combine("shared", "passwd"));

        var set = RuleFileReader.LoadDirectory(_folder);

        Assert.StartsWith("passwd.yaml: not read: it is a symbolic link to 'shared/passwd', which leads out of its folder", Assert.Single(set.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void RuleFolder_LinkInsideTheFolder_Read()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "plants"));
        File.WriteAllText(Path.Combine(_folder, "plants", "suzhou.txt"), Rule);
        File.CreateSymbolicLink(Path.Combine(_folder, "suzhou.yaml"), Path.Combine("plants", "suzhou.txt"));

        var set = RuleFileReader.LoadDirectory(_folder);

        Assert.Empty(set.Errors);
        Assert.Equal("overheat", Assert.Single(set.Rules).Rule.Id);
    }

    [Fact]
    public void RuleFolder_FiftyMebibyteFile_RefusedBySize()
    {
        using (var huge = File.Create(Path.Combine(_folder, "huge.yaml")))
        {
            huge.SetLength(50L * 1024 * 1024);
        }

        var set = RuleFileReader.LoadDirectory(_folder);

        Assert.Equal("huge.yaml: not read: it is 52,428,800 bytes, more than the 4,194,304 bytes a settings file of this folder may have", Assert.Single(set.Errors));
    }

    [Fact]
    public void RuleFolder_Socket_Refused()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_folder, "listening.yaml")));

        var set = RuleFileReader.LoadDirectory(_folder);

        Assert.StartsWith("listening.yaml: not read: it is a socket", Assert.Single(set.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void MappingFolder_FifoAndLinkToDevZero_EachAnErrorNamingTheFile()
    {
        foreach (var mapping in Directory.GetFiles(Path.Combine(TestHub.RepositoryRoot(), "deploy", "demo", "mappings"), "*.yaml"))
        {
            File.Copy(mapping, Path.Combine(_folder, Path.GetFileName(mapping)));
        }

        MakeFifo(Path.Combine(_folder, "pipe.yaml"));
        File.CreateSymbolicLink(Path.Combine(_folder, "zero.yaml"), "/dev/zero");

        var result = HubMappings.Load(_folder);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                $"{Path.Combine(_folder, "pipe.yaml")}:1:1: cannot read the file: it is a named pipe (FIFO), not a regular file; settings files are read only as regular files",
                $"{Path.Combine(_folder, "zero.yaml")}:1:1: cannot read the file: it is a symbolic link to '/dev/zero', which leads out of its folder; the hub reads settings files only from within their folder: copy the file in",
            ],
            result.Errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TemplateFolder_Fifo_RefusedWithoutBlocking()
    {
        File.WriteAllText(Path.Combine(_folder, "ticket-opened.desk.en.hbs"), "Subject: Ticket {{ticket.id}}\n\nBody\n");
        MakeFifo(Path.Combine(_folder, "ticket-opened.customer.en.hbs"));

        var result = NotificationTemplates.LoadDirectory(_folder, path => SettingsFile.ReadBytes(path));

        Assert.Equal(["ticket-opened.customer.en.hbs: not read: it is a named pipe (FIFO), not a regular file; settings files are read only as regular files"], result.Errors);
    }

    [Fact]
    public async Task HubStart_FifoInRules_RefusedNamingTheFile()
    {
        var folder = RulesHub.PrepareFolder(Rule);
        MakeFifo(Path.Combine(folder, "rules", "pipe.yaml"));
        try
        {
            // The hang guard only: before, the start waited for a writer to the FIFO forever.
            var error = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartInAsync(folder).WaitAsync(TimeSpan.FromMinutes(2)));

            Assert.Contains("pipe.yaml: not read: it is a named pipe (FIFO)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
