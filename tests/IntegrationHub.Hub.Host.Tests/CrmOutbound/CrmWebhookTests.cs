using System.Text;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Hub.Host.Tests.CrmOutbound;

/// <summary>
/// CRM webhooks (issue 23 item 1) against a receiver that checks signatures: every change of the subscription's kinds,
/// signed, in order per entity through a receiver that fails twice, and a receiver that hangs neither blocks the others
/// nor loses its messages.
/// </summary>
public abstract class CrmWebhookTests(TestStore testStore)
{
    public sealed class OnSqlite() : CrmWebhookTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : CrmWebhookTests(TestStore.PostgreSql);

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("crm-webhook-secret-for-tests-0123456789");

    [Fact]
    public async Task Webhooks_SignedInOrderPerEntity_FlakyRetriedInOrder_HangingTimesOutWithoutBlockingOthers()
    {
        await using var receiver = await CrmWebhookReceiver.StartAsync(Secret);
        var folder = TestHub.NewDataFolder();
        await File.WriteAllBytesAsync(Path.Combine(folder, "crm.secret"), [.. Secret, (byte)'\n']);
        string[] settings =
        [
            "--Hub:Notifications:RetryDelay=00:00:00.100",
            .. Subscription("ok", receiver.BaseUrl + "/ok"),
            .. Subscription("flaky", receiver.BaseUrl + "/flaky"),
            .. Subscription("hang", receiver.BaseUrl + "/hang"),
            "--Hub:Crm:Webhooks:hang:Timeout=00:00:02",
        ];
        await using var hub = await TestHub.StartInAsync(testStore, folder, settings);
        // A subscription starts at the feed's end: wait until the three have their position before anything changes.
        await WaitFor.ConditionAsync(async () => await hub.CountAsync("SELECT count(*) FROM crm_webhook_cursors") == 3, "the subscriptions' positions");

        foreach (var (name, hour) in new[] { ("Name-A", "08"), ("Name-B", "09"), ("Name-C", "10") })
        {
            await hub.DropAsync("customers.csv", $"""
                CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt
                C001,{name},Gold,华东,purchasing@szjg.example.cn,+86 512 6000 1000,zh-CN,2025-10-01 {hour}:00:00

                """);
            await hub.WaitForInboxEmptyAsync();
        }

        // The good receiver has all three, in order, while the hanging one still holds its first request open.
        await WaitFor.ConditionAsync(() => receiver.Accepted("/ok").Count == 3, "three deliveries to /ok");
        Assert.False(receiver.HangReleased);
        Assert.Equal(["Name-A", "Name-B", "Name-C"], receiver.Accepted("/ok").Select(b => b.GetProperty("entity").GetProperty("name").GetString()));
        var positions = receiver.Accepted("/ok").Select(b => b.GetProperty("position").GetInt64()).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.All(receiver.Accepted("/ok"), b => Assert.Equal(("ok", "Customer", "C001"),
            (b.GetProperty("subscription").GetString(), b.GetProperty("kind").GetString(), b.GetProperty("key").GetString())));

        // The flaky receiver failed twice on the first change; the later ones waited behind it and came in order.
        await WaitFor.ConditionAsync(() => receiver.Accepted("/flaky").Count == 3, "three deliveries to /flaky");
        var flaky = receiver.Requests.Where(r => r.Path == "/flaky").ToList();
        Assert.Equal([500, 500, 200, 200, 200], flaky.Select(r => r.Status));
        Assert.Equal(["Name-A", "Name-A", "Name-A", "Name-B", "Name-C"], flaky.Select(r => r.Body!.Value.GetProperty("entity").GetProperty("name").GetString()));

        // The hanging receiver's attempt timed out and was tried again; its later changes were not sent before it.
        await WaitFor.ConditionAsync(() => receiver.HangRequests >= 2, "a second attempt to /hang after the timeout");
        Assert.All(receiver.Requests.Where(r => r.Path == "/hang"), r => Assert.Equal("Name-A", r.Body!.Value.GetProperty("entity").GetProperty("name").GetString()));
        Assert.DoesNotContain(receiver.Requests, r => r.Status == 401);
        Assert.True(await hub.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'crm:hang' AND status = 'Pending' AND attempts >= 1") >= 1);
        receiver.ReleaseHang();
    }

    [Fact]
    public void Signature_CoversBodyAndTimestamp_ForgedOrReplayedRefused()
    {
        var body = Encoding.UTF8.GetBytes("""{"kind":"SalesOrder","key":"SO-1"}""");
        var now = DateTimeOffset.UtcNow;
        var timestamp = now.ToUnixTimeSeconds();
        var signature = IntegrationHub.Hub.Host.CrmOutbound.CrmWebhookSignature.Sign(Secret, timestamp, body);
        var stamp = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.True(CrmWebhookReceiver.Verify(Secret, stamp, signature, body, now));
        Assert.False(CrmWebhookReceiver.Verify(Secret, stamp, signature, [.. body, (byte)' '], now));
        Assert.False(CrmWebhookReceiver.Verify(Secret, (timestamp + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), signature, body, now));
        Assert.False(CrmWebhookReceiver.Verify(Encoding.UTF8.GetBytes("another-secret-0123456789"), stamp, signature, body, now));
        // The same request ten minutes later: a replay, refused by its timestamp.
        Assert.False(CrmWebhookReceiver.Verify(Secret, stamp, signature, body, now.AddMinutes(10)));
    }

    private static string[] Subscription(string name, string url) =>
    [
        $"--Hub:Crm:Webhooks:{name}:Url={url}",
        $"--Hub:Crm:Webhooks:{name}:Kinds:0=Customer",
        $"--Hub:Crm:Webhooks:{name}:SecretFile=crm.secret",
    ];
}
