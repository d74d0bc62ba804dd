using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Photos;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Field;

/// <summary>
/// Photos on the engineer's service report (issue 24 item 2), on both stores: taken in through the photo intake (type
/// from the bytes, metadata stripped), served to the engineer, the desk and the ticket's customer and to nobody else,
/// stored once however often the report is sent, and every hostile upload refused with nothing of the report stored.
/// </summary>
public abstract class FieldReportPhotoTests(FieldHub hub)
{
    public sealed class OnSqlite(FieldHub.OnSqlite hub) : FieldReportPhotoTests(hub), IClassFixture<FieldHub.OnSqlite>;

    public sealed class OnPostgreSql(FieldHub.OnPostgreSql hub) : FieldReportPhotoTests(hub), IClassFixture<FieldHub.OnPostgreSql>;

    private const int PhotoStored = 2300;

    // Each test's pictures differ (their width), so that the fixture's shared photo folder never holds them already.
    private static int _pictures = 16;

    [Fact]
    public async Task Report_WithTwoPhotos_StoredStripped_ServedToTheEngineerTheDeskAndTheCustomer_NotToOthers()
    {
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var jpeg = TestImages.Jpeg(width: NextWidth(), exif: true);
        var png = TestImages.Png(width: NextWidth());

        using var response = await hub.Zhang.PostAsync($"/api/field/tickets/{mine}/reports", Form(Guid.NewGuid(), ("bearing.jpg", jpeg), ("gauge.png", png)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var photos = (await ReportsAsync(mine)).Single().GetProperty("photos").EnumerateArray().ToList();
        Assert.Equal(["Jpeg", "Png"], photos.Select(p => p.GetProperty("format").GetString()));
        var jpegPath = $"/api/field/tickets/{mine}/photos/{photos[0].GetProperty("id").GetString()}";
        using var own = await hub.Zhang.GetAsync(jpegPath);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("image/jpeg", own.Content.Headers.ContentType?.MediaType);
        var bytes = await own.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().IndexOf(TestImages.GpsMarker) < 0, "the GPS position of the photo was served");
        Assert.Equal(TestImages.Jpeg(width: photos[0].GetProperty("width").GetInt32(), exif: false), bytes);

        // The desk and the ticket's customer see it; another engineer gets the unknown photo's answer.
        var photoId = photos[0].GetProperty("id").GetString();
        using var desk = await hub.Agent.GetAsync($"/api/desk/tickets/{mine}/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        using var customer = await hub.Hub.Client.SendAsync(hub.Hub.Get($"/api/portal/tickets/{mine}/photos/{photoId}", await hub.Hub.IssueTokenAsync("C7")));
        Assert.Equal(HttpStatusCode.OK, customer.StatusCode);
        var unknown = await NotFoundAsync(hub.Zhang, $"/api/field/tickets/{mine}/photos/{new string('a', 64)}");
        Assert.Equal(unknown, await NotFoundAsync(hub.Lina, jpegPath));
        Assert.Equal(unknown, await NotFoundAsync(hub.Zhang, $"/api/field/tickets/{mine}/photos/..%2F..%2Fhub.db"));
        Assert.Equal(unknown, await NotFoundAsync(hub.Zhang, $"/api/field/tickets/T-NONE/photos/{photoId}"));
        Assert.Contains(hub.Hub.Logs.Entries, e => e.EventId == 2316);
    }

    [Fact]
    public async Task Report_OnAnotherEngineersTicket_WithAPhoto_AnsweredAsAnUnknownTicket_NothingStored()
    {
        var linas = await hub.NewTicketAsync("li.na", null, TimeSpan.FromHours(1));
        var before = Count(PhotoStored);

        var theirs = await ErrorAsync(await hub.Zhang.PostAsync($"/api/field/tickets/{linas}/reports", Form(Guid.NewGuid(), ("p.png", TestImages.Png(width: NextWidth())))), HttpStatusCode.NotFound);
        var none = await ErrorAsync(await hub.Zhang.PostAsync("/api/field/tickets/T-NONE/reports", Form(Guid.NewGuid(), ("p.png", TestImages.Png(width: NextWidth())))), HttpStatusCode.NotFound);

        Assert.Equal(("ticket_not_found", $"No ticket {linas}."), theirs);
        Assert.Equal(("ticket_not_found", "No ticket T-NONE."), none);
        Assert.Equal(before, Count(PhotoStored));
        Assert.Empty(await ReportsAsync(linas, hub.Lina));
    }

    [Fact]
    public async Task Report_WithAFourthPhoto_RefusedAsTooMany_NothingStored()
    {
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var before = Count(PhotoStored);
        var four = Enumerable.Range(1, 4).Select(i => ($"p{i}.png", TestImages.Png(width: NextWidth()))).ToArray();

        var refused = await ErrorAsync(await hub.Zhang.PostAsync($"/api/field/tickets/{mine}/reports", Form(Guid.NewGuid(), four)), HttpStatusCode.BadRequest);

        Assert.Equal("too_many_photos", refused.Error);
        Assert.Contains("at most 3 photos; this one has 4", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Count(PhotoStored));
        Assert.Empty(await ReportsAsync(mine));
    }

    [Fact]
    public async Task Report_WithAPhotoThatIsNoImage_RefusedNamingIt_NothingOfTheReportStored()
    {
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var page = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");

        var refused = await ErrorAsync(
            await hub.Zhang.PostAsync($"/api/field/tickets/{mine}/reports", Form(Guid.NewGuid(), ("good.png", TestImages.Png(width: NextWidth())), ("evil<x>.jpg", page))),
            HttpStatusCode.BadRequest);

        Assert.Equal("photo_unsupported_type", refused.Error);
        Assert.Contains("'evil_x_.jpg' is neither a JPEG nor a PNG", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await ReportsAsync(mine));
        Assert.DoesNotContain("report", await HistoryTextAsync(mine), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_SentTwiceWithItsPhotos_StoredOnce_EachPhotoTakenInOnce()
    {
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var id = Guid.NewGuid();
        var photos = new[] { ("a.png", TestImages.Png(width: NextWidth())), ("b.jpg", TestImages.Jpeg(width: NextWidth())) };
        var before = Count(PhotoStored);

        var first = await OkAsync($"/api/field/tickets/{mine}/reports", Form(id, photos));
        var again = await OkAsync($"/api/field/tickets/{mine}/reports", Form(id, photos));

        Assert.False(first.GetProperty("resent").GetBoolean());
        Assert.True(again.GetProperty("resent").GetBoolean());
        var report = Assert.Single(await ReportsAsync(mine));
        var ids = report.GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.Equal(before + 2, Count(PhotoStored));
        foreach (var photoId in ids)
        {
            Assert.Single(Directory.GetFiles(Path.Combine(hub.Hub.DataFolder, "photos", photoId[..2]), photoId + ".*"));
        }

        Assert.Single(await HistoryAsync(mine), h => h == "service-report");
    }

    [Fact]
    public async Task Photo_IdOfAnotherTicketGuessedInTheAddress_AnsweredAsUnknown_ForEngineerDeskAndCustomer()
    {
        var first = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var second = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(2));
        await OkAsync($"/api/field/tickets/{first}/reports", Form(Guid.NewGuid(), ("a.png", TestImages.Png(width: NextWidth()))));
        var photoId = (await ReportsAsync(first)).Single().GetProperty("photos")[0].GetProperty("id").GetString();

        var unknown = await NotFoundAsync(hub.Zhang, $"/api/field/tickets/{second}/photos/{new string('b', 64)}");
        Assert.Equal(unknown, await NotFoundAsync(hub.Zhang, $"/api/field/tickets/{second}/photos/{photoId}"));
        using var desk = await hub.Agent.GetAsync($"/api/desk/tickets/{second}/photos/{photoId}");
        Assert.Equal(HttpStatusCode.NotFound, desk.StatusCode);
        using var customer = await hub.Hub.Client.SendAsync(hub.Hub.Get($"/api/portal/tickets/{second}/photos/{photoId}", await hub.Hub.IssueTokenAsync("C7")));
        Assert.Equal(HttpStatusCode.NotFound, customer.StatusCode);
        using var right = await hub.Zhang.GetAsync($"/api/field/tickets/{first}/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    private static int NextWidth() => Interlocked.Increment(ref _pictures);

    private int Count(int eventId) => hub.Hub.Logs.Entries.Count(e => e.EventId == eventId);

    private static MultipartFormDataContent Form(Guid reportId, params (string Name, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { reportId, workDone = "Replaced the spindle bearing.", minutesSpent = 95, parts = Array.Empty<object>(), customerName = "Frau Müller" }), Encoding.UTF8), "report" },
        };
        foreach (var (name, bytes) in photos)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(content, "photos", name);
        }

        return form;
    }

    private async Task<JsonElement> OkAsync(string url, HttpContent content)
    {
        using var response = await hub.Zhang.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<List<JsonElement>> ReportsAsync(string ticketNo, HttpClient? client = null) =>
        [.. (await (client ?? hub.Zhang).GetFromJsonAsync<JsonElement>($"/api/field/tickets/{ticketNo}")).GetProperty("reports").EnumerateArray().Select(r => r.Clone())];

    private async Task<List<string>> HistoryAsync(string ticketNo) =>
        [.. (await hub.Zhang.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{ticketNo}")).GetProperty("history").EnumerateArray()
            .Select(h => h.GetProperty("action").GetString()!)];

    private async Task<string> HistoryTextAsync(string ticketNo) => string.Join(" ", await HistoryAsync(ticketNo));

    private static async Task<string> NotFoundAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: expected 404, got {response.StatusCode}: {text}");
        return text;
    }

    private static async Task<(string Error, string Message)> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {text}");
            var json = JsonDocument.Parse(text).RootElement;
            return (json.GetProperty("error").GetString()!, json.GetProperty("message").GetString()!);
        }
    }
}
