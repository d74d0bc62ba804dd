using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Photos;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using static IntegrationHub.Hub.Host.Tests.Portal.ServiceRequestTests;

namespace IntegrationHub.Hub.Host.Tests.Portal;

/// <summary>
/// Review of session 24, item 1: a customer cannot fill the data disk with photos. A replayed form writes no file, a
/// refused form leaves none, a customer's photos of the last 24 hours are bounded in count and bytes, and nothing is
/// written when the data disk is below its floor; on SQLite and on PostgreSQL.
/// </summary>
public abstract class ServiceRequestPhotoSafetyTests(TestStore testStore)
{
    public sealed class OnSqlite() : ServiceRequestPhotoSafetyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : ServiceRequestPhotoSafetyTests(TestStore.PostgreSql);

    [Fact]
    public async Task Report_SameKeyTenTimesEachWithThreeNewPhotos_OnlyTheFirstThreeFilesStay()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C002");

        string? ticketNo = null;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            // Three pictures never sent before: each replay carries new bytes, as a retry with other photos would.
            var size = 4 + (attempt * 3);
            using var response = await SubmitAsync(hub, token, "EQ-2", "fault", "spindle noise", "key-replay-0001",
                ("photos", "a.png", TestImages.Png(size, size)), ("photos", "b.png", TestImages.Png(size + 1, size)), ("photos", "c.png", TestImages.Png(size + 2, size)));
            Assert.Equal(attempt == 0 ? HttpStatusCode.Created : HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            ticketNo ??= body.GetProperty("ticketNo").GetString();
            Assert.Equal(ticketNo, body.GetProperty("ticketNo").GetString());
            Assert.Equal(attempt > 0, body.GetProperty("replayed").GetBoolean());
        }

        Assert.Equal(3, PhotoFiles(hub).Count);
        Assert.Equal(3, await hub.CountAsync("SELECT count(*) FROM service_request_photos"));
    }

    [Fact]
    public async Task Report_GoodPhotoThenMalformedOne_Refused400_AndNoFileAndNoRequest()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C002");

        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-malformed-01",
            ("photos", "good.png", TestImages.Png(9, 9)), ("photos", "bad.png", TestImages.Png(8, 8, badCrc: true))), HttpStatusCode.BadRequest, "photo_malformed");
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-malformed-02",
            ("photos", "good.jpg", TestImages.Jpeg()), ("photos", "page.jpg", "<html>not a photo</html>"u8.ToArray())), HttpStatusCode.BadRequest, "photo_unsupported_type");

        Assert.Empty(PhotoFiles(hub));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM service_requests"));
    }

    [Fact]
    public async Task Report_PastTheCustomersDailyPhotoCount_Refused429_NoFile_TextOnlyReportAndOtherCustomersStillTaken()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:ServiceRequests:MaxPhotosPerCustomerPerDay=4");
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C002");

        using var first = await SubmitAsync(hub, token, "EQ-2", "fault", "first", "key-budget-0001",
            ("photos", "a.png", TestImages.Png(11, 11)), ("photos", "b.png", TestImages.Png(12, 12)), ("photos", "c.png", TestImages.Png(13, 13)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "noise", "second", "key-budget-0002",
            ("photos", "d.png", TestImages.Png(14, 14)), ("photos", "e.png", TestImages.Png(15, 15))), HttpStatusCode.TooManyRequests, "photo_budget: Your account has sent 3 photos");
        Assert.Equal(3, PhotoFiles(hub).Count);

        using var textOnly = await SubmitAsync(hub, token, "EQ-2", "noise", "second, without photos", "key-budget-0003");
        Assert.Equal(HttpStatusCode.Created, textOnly.StatusCode);
        using var other = await SubmitAsync(hub, await hub.IssueTokenAsync("C001"), "EQ-1", "fault", "theirs", "key-budget-0004",
            ("photos", "f.png", TestImages.Png(16, 16)), ("photos", "g.png", TestImages.Png(17, 17)));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(5, PhotoFiles(hub).Count);
    }

    [Fact]
    public async Task Report_PastTheCustomersDailyPhotoBytes_Refused429_AndNoNewFile()
    {
        // A plain PNG is stored as sent (nothing to strip): a budget of one such photo and a bit takes one, not two.
        var photo = TestImages.Png(40, 40);
        var budget = photo.Length + 10;
        await using var hub = await TestHub.StartAsync(testStore, $"--Hub:Portal:ServiceRequests:MaxPhotoBytesPerCustomerPerDay={budget}");
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C002");

        using var first = await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-bytes-00001", ("photos", "a.png", photo));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "noise", "text", "key-bytes-00002", ("photos", "b.png", TestImages.Png(41, 40))),
            HttpStatusCode.TooManyRequests, $"{budget} bytes a day");

        Assert.Single(PhotoFiles(hub));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM service_requests"));
    }

    [Fact]
    public async Task Report_DataDiskBelowTheFloor_Refused503WithAClearError_NoFile_TextOnlyReportTaken()
    {
        // A floor no disk here reaches: every photo finds the disk "below" it.
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:ServiceRequests:Photos:MinFreeDiskBytes=1000000000000000000");
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C002");

        await AssertRefusedAsync(await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-diskfull-001", ("photos", "a.png", TestImages.Png(7, 7))),
            HttpStatusCode.ServiceUnavailable, "photo_disk_full: The hub's data disk is nearly full");
        using var textOnly = await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-diskfull-002");

        Assert.Equal(HttpStatusCode.Created, textOnly.StatusCode);
        Assert.Empty(PhotoFiles(hub));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM service_request_photos"));
    }

    [Fact]
    public async Task Photo_ServedToTheCustomerAndTheDesk_PrivateAndNotStored()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await RulesHub.SeedCustomersAsync(hub);
        var token = await hub.IssueTokenAsync("C002");
        using var created = await SubmitAsync(hub, token, "EQ-2", "fault", "text", "key-cache-00001", ("photos", "a.png", TestImages.Png(5, 5)));
        var ticketNo = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketNo").GetString()!;
        using var desk = await RulesHub.SignInAsync(hub);
        var photo = (await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{ticketNo}/requests"))[0].GetProperty("photos")[0];

        using var fromDesk = await desk.GetAsync(photo.GetProperty("url").GetString());
        using var fromPortal = await hub.Client.SendAsync(hub.Get($"/api/portal/tickets/{ticketNo}/photos/{photo.GetProperty("id").GetString()}", token));

        foreach (var response in new[] { fromDesk, fromPortal })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        }
    }

    private static List<string> PhotoFiles(TestHub hub)
    {
        var folder = Path.Combine(hub.DataFolder, "photos");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)] : [];
    }
}
