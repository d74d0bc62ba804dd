using System.Diagnostics;
using System.Security.Cryptography;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Web;

/// <summary>
/// Issue 18 item 4: the keys that protect the desk's and the portal's session cookies live in the store, so every node
/// of one database honours a session made on another, and an older hub's <c>keys/</c> folder is imported once, so an
/// upgrade signs nobody out. The folder is read with the inbox's hardened opener: links, FIFOs, huge and broken files
/// are skipped with a warning naming them.
/// </summary>
public abstract class SessionKeyRingTests(TestStore testStore)
{
    public sealed class OnSqlite() : SessionKeyRingTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : SessionKeyRingTests(TestStore.PostgreSql);

    private const string Purpose = "session-key-ring-test";

    [Fact]
    public async Task KeyRing_IsInTheStore_APayloadProtectedBeforeARestartIsReadAfterIt()
    {
        var folder = TestHub.NewDataFolder();
        string protectedText;
        await using (var hub = await TestHub.StartInAsync(testStore, folder))
        {
            hub.KeepDataFolder = true;
            protectedText = Protector(hub).Protect("session of ann");
            Assert.True(await hub.CountAsync("SELECT count(*) FROM data_protection_keys") >= 1, "no key in the store after the first cookie");
            Assert.False(Directory.Exists(Path.Combine(folder, "keys")), "the hub made a keys/ folder: the keys belong in the store");
        }

        await using var restarted = await TestHub.StartInAsync(testStore, folder);
        Assert.Equal("session of ann", Protector(restarted).Unprotect(protectedText));
    }

    [Fact]
    public async Task OldKeysFolder_IsImportedOnce_ItsSessionsStayValid_AndItIsNotReadAgain()
    {
        var folder = TestHub.NewDataFolder();
        var keys = Path.Combine(folder, "keys");
        var oldSession = OldHubProtect(keys, "session made by the old hub");

        await using (var hub = await TestHub.StartInAsync(testStore, folder))
        {
            hub.KeepDataFolder = true;
            Assert.Equal("session made by the old hub", Protector(hub).Unprotect(oldSession));
            Assert.Single(hub.Logs.Entries, e => e.EventId == 1680);
            Assert.Equal(1L, await hub.CountAsync("SELECT count(*) FROM data_protection_keys"));
        }

        // A key dropped into the old folder later is not read: the store holds the ring now.
        var later = OldHubProtect(Path.Combine(TestHub.NewDataFolder(), "keys"), "another old session", copyKeysTo: keys);
        await using var restarted = await TestHub.StartInAsync(testStore, folder);
        Assert.Equal("session made by the old hub", Protector(restarted).Unprotect(oldSession));
        Assert.Throws<CryptographicException>(() => Protector(restarted).Unprotect(later));
        Assert.DoesNotContain(restarted.Logs.Entries, e => e.EventId == 1680);
    }

    [Fact]
    public async Task OldKeysFolder_WithALinkAFifoAHugeAndABrokenFile_ImportsTheRealKeyOnly_AndNamesEachSkippedFile()
    {
        var folder = TestHub.NewDataFolder();
        var keys = Path.Combine(folder, "keys");
        var realSession = OldHubProtect(keys, "real session");

        // A key of another installation, linked in: its sessions must not become valid here.
        var elsewhere = Path.Combine(TestHub.NewDataFolder(), "keys");
        var foreignSession = OldHubProtect(elsewhere, "foreign session");
        File.CreateSymbolicLink(Path.Combine(keys, "key-link.xml"), Directory.GetFiles(elsewhere, "key-*.xml").Single());
        Run("mkfifo", Path.Combine(keys, "key-fifo.xml"));
        await File.WriteAllTextAsync(Path.Combine(keys, "key-huge.xml"), "<key>" + new string('x', 200_000) + "</key>");
        await File.WriteAllTextAsync(Path.Combine(keys, "key-broken.xml"), "<key id=\"x\"><unclosed>");

        await using var hub = await TestHub.StartInAsync(testStore, folder);
        Assert.Equal("real session", Protector(hub).Unprotect(realSession));
        Assert.Throws<CryptographicException>(() => Protector(hub).Unprotect(foreignSession));

        var skipped = hub.Logs.Entries.Where(e => e.EventId == 1681).Select(e => e.Message).ToList();
        foreach (var file in new[] { "key-link.xml", "key-fifo.xml", "key-huge.xml", "key-broken.xml" })
        {
            Assert.True(skipped.Any(m => m.Contains(file, StringComparison.Ordinal)), $"no warning naming {file}; warnings: {string.Join(" | ", skipped)}");
        }

        Assert.Equal(1L, await hub.CountAsync("SELECT count(*) FROM data_protection_keys WHERE name LIKE 'key-%'"));
        Assert.Equal(0L, await hub.CountAsync("SELECT count(*) FROM data_protection_keys WHERE name IN ('key-link', 'key-fifo', 'key-huge', 'key-broken')"));
    }

    private static IDataProtector Protector(TestHub hub) => hub.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    /// <summary>
    /// What a hub before issue 18 did: a key ring in <paramref name="keys"/> under the hub's application name; returns
    /// <paramref name="text"/> protected with it. With <paramref name="copyKeysTo"/> the key file is copied there too.
    /// </summary>
    private static string OldHubProtect(string keys, string text, string? copyKeysTo = null)
    {
        Directory.CreateDirectory(keys);
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("IntegrationHub").PersistKeysToFileSystem(new DirectoryInfo(keys));
        using var provider = services.BuildServiceProvider();
        var result = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect(text);
        if (copyKeysTo is not null)
        {
            foreach (var file in Directory.GetFiles(keys, "key-*.xml"))
            {
                File.Copy(file, Path.Combine(copyKeysTo, Path.GetFileName(file)));
            }
        }

        return result;
    }

    private static void Run(string program, string argument)
    {
        using var process = Process.Start(program, [argument]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
