using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Tests.Photos;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// <c>hub backup</c> and <c>hub restore</c> carry the data folder's photos/ (the pictures of problems customers
/// reported): a restored hub serves a ticket's photo; links planted in photos/ are not followed (their targets never
/// reach the backup); a forged backup cannot write a photo outside photos/ or one whose bytes do not match its name.
/// SQLite only: on PostgreSQL both commands refuse (pg_dump).
/// </summary>
public sealed class BackupPhotoTests
{
    private const string Secret = "SECRET-OUTSIDE-THE-PHOTO-FOLDER";

    [Fact]
    public async Task BackupAndRestore_CarryATicketsPhoto_LinksInPhotosAreNotFollowed_ForgedPhotosAreRefused()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var settings = RulesHub.Settings(smtp);
        var outside = Directory.CreateTempSubdirectory("hub-outside-").FullName;
        var backups = Directory.CreateTempSubdirectory("hub-backups-").FullName;
        var backup = Path.Combine(backups, "with-photos.db");
        var restoredFolder = RulesHub.PrepareFolder(TestRules.Overheat);
        try
        {
            string ticketNo, photoUrl, token;
            byte[] served;
            await using (var source = await TestHub.StartInAsync(TestStore.Sqlite, RulesHub.PrepareFolder(TestRules.Overheat), settings))
            {
                await RulesHub.SeedCustomersAsync(source);
                token = await source.IssueTokenAsync("C002");
                (ticketNo, photoUrl, served) = await ReportWithPhotoAsync(source, token);

                // Planted in photos/: a link with a photo's name to a file outside, a shard that is a link to a folder
                // outside holding a photo-shaped file, and a stray file.
                var photos = Path.Combine(source.DataFolder, "photos");
                var secretFile = Path.Combine(outside, "secret.txt");
                await File.WriteAllTextAsync(secretFile, Secret);
                Directory.CreateDirectory(Path.Combine(photos, "ab"));
                File.CreateSymbolicLink(Path.Combine(photos, "ab", "ab" + new string('1', 62) + ".jpg"), secretFile);
                Directory.CreateDirectory(Path.Combine(outside, "cd"));
                await File.WriteAllTextAsync(Path.Combine(outside, "cd", "cd" + new string('2', 62) + ".png"), Secret);
                Directory.CreateSymbolicLink(Path.Combine(photos, "cd"), Path.Combine(outside, "cd"));
                await File.WriteAllTextAsync(Path.Combine(photos, "notes.txt"), "not a photo");

                var (code, output, error) = await source.RunCommandAsync("backup", "--to", backup);

                Assert.True(code == 0, $"backup exit {code}: {error}");
                Assert.Contains(", 1 photos,", output, StringComparison.Ordinal);
                Assert.Contains($"not backed up: photos/ab/ab{new string('1', 62)}.jpg (a symbolic link: not followed)", error, StringComparison.Ordinal);
                Assert.Contains("not backed up: photos/cd (a symbolic link: not followed)", error, StringComparison.Ordinal);
                Assert.Contains("not backed up: photos/notes.txt (not a photo folder)", error, StringComparison.Ordinal);
                Assert.DoesNotContain(Secret, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(backup)), StringComparison.Ordinal);
            }

            // A forged copy: a photo named to climb out of photos/, and one whose bytes are not its name's.
            var climbing = await ForgeAsync(backups, backup, "climbing.db", "UPDATE backup_photos SET name = '../../' || name");
            var mismatched = await ForgeAsync(backups, backup, "mismatched.db", "UPDATE backup_photos SET content = X'FFD8FFD9'");
            var (refusedCode, _, refused) = await BackupRestoreTests.RunAsync(restoredFolder, "restore", "--from", climbing);
            Assert.Equal(1, refusedCode);
            Assert.Contains("which is no photo's name", refused, StringComparison.Ordinal);
            (refusedCode, _, refused) = await BackupRestoreTests.RunAsync(restoredFolder, "restore", "--from", mismatched);
            Assert.Equal(1, refusedCode);
            Assert.Contains("does not match its name's SHA-256", refused, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(restoredFolder, "hub.db")));
            Assert.False(Directory.Exists(Path.Combine(restoredFolder, "photos")) && Directory.EnumerateFileSystemEntries(Path.Combine(restoredFolder, "photos"), "*", SearchOption.AllDirectories).Any(File.Exists));

            var (restoreCode, restoreOutput, restoreError) = await BackupRestoreTests.RunAsync(restoredFolder, "restore", "--from", backup);
            Assert.True(restoreCode == 0, $"restore exit {restoreCode}: {restoreError}");
            Assert.Contains(", 1 photos (into photos/)", restoreOutput, StringComparison.Ordinal);
            Assert.Single(Directory.EnumerateFiles(Path.Combine(restoredFolder, "photos"), "*", SearchOption.AllDirectories));

            await using var restored = await TestHub.StartInAsync(TestStore.Sqlite, restoredFolder, settings);
            Assert.Equal(0, await restored.CountAsync("SELECT count(*) FROM sqlite_master WHERE name = 'backup_photos'"));
            using var desk = await RulesHub.SignInAsync(restored);
            Assert.Equal(served, await desk.GetByteArrayAsync(photoUrl));
            using var own = await restored.Client.SendAsync(restored.Get($"/api/portal/tickets/{ticketNo}/photos/{photoUrl[(photoUrl.LastIndexOf('/') + 1)..]}", token));
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(served, await own.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(outside, recursive: true);
            Directory.Delete(backups, recursive: true);
        }
    }

    private static async Task<(string TicketNo, string PhotoUrl, byte[] Served)> ReportWithPhotoAsync(TestHub hub, string token)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("fault"), "category" },
            { new StringContent("spindle noise"), "text" },
            { new StringContent("key-backup-0001"), "requestKey" },
        };
        var picture = new ByteArrayContent(TestImages.Png());
        picture.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(picture, "photos", "noise.png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/portal/equipment/EQ-2/requests") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(PortalSession.CsrfHeader, "1");
        using var created = await hub.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticketNo = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketNo").GetString()!;
        using var desk = await RulesHub.SignInAsync(hub);
        var requests = await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{ticketNo}/requests");
        var url = Assert.Single(Assert.Single(requests.EnumerateArray()).GetProperty("photos").EnumerateArray()).GetProperty("url").GetString()!;
        return (ticketNo, url, await desk.GetByteArrayAsync(url));
    }

    private static async Task<string> ForgeAsync(string folder, string backup, string name, string sql)
    {
        var forged = Path.Combine(folder, name);
        File.Copy(backup, forged);
        await using var connection = new SqliteConnection($"Data Source={forged};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        return forged;
    }
}
