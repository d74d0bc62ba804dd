using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Hub.Host.Tests.Parts;

/// <summary>
/// Part requests to the ERP by REST (issue 24 item 3), on both stores, against a real HTTP server: the JSON with the
/// request number as Idempotency-Key and the credential from the environment (never logged); 500s and an attempt the
/// ERP never answers are retried with the same key until it takes the request; a redirect is refused, not followed;
/// a 4xx dead-letters the message with the ERP's own message, escaped and bounded.
/// </summary>
public abstract class PartRequestRestTests(TestStore testStore)
{
    public sealed class OnSqlite() : PartRequestRestTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PartRequestRestTests(TestStore.PostgreSql);

    [Fact]
    public async Task Requests_PostedWithIdempotencyKeyAndCredential_RetriedThroughFailures_RedirectAndRefusalDeadLettered()
    {
        var credential = "erp-key-" + Guid.NewGuid().ToString("N");
        var variable = "HUB_TEST_ERP_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, credential);
        try
        {
            await using var erp = await ErpPartsReceiver.StartAsync(credential);
            await using var hub = await TestHub.StartAsync(testStore,
                $"--Hub:Parts:Export:Rest:Url={erp.Url}",
                "--Hub:Parts:Export:Rest:AuthHeader=X-Api-Key",
                $"--Hub:Parts:Export:Rest:AuthEnvironmentVariable={variable}",
                "--Hub:Parts:Export:Rest:Timeout=00:00:02",
                "--Hub:Notifications:RetryDelay=00:00:00.100");
            await PartsHub.TicketAsync(hub, "T-2026-000951");
            using var engineer = await PartsHub.SignInAsync(hub, "eng-zhao");
            using var admin = await PartsHub.SignInAsync(hub, "it-admin", DeskRole.Admin);
            var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in new[] { "BRG-6204", "FLAKY", "SLOW", "MOVED", "BAD" })
            {
                using var response = await engineer.PostAsync("/api/field/tickets/T-2026-000951/parts", PartsHub.Body(PartsHub.Request(Guid.NewGuid().ToString(), (item, 2))));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                numbers[item] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestNo").GetString()!;
            }

            await WaitFor.ConditionAsync(
                async () => await hub.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'parts:erp' AND status IN ('Sent', 'Dead')") == 5,
                "every part request sent or dead-lettered: " + hub.Logs);

            // Taken: once each with its number as the key and the credential; the JSON carries the rows by column name.
            var taken = Assert.Single(erp.For("BRG-6204"));
            Assert.Equal(numbers["BRG-6204"], taken.Key);
            var row = taken.Body!.Value.GetProperty("rows")[0];
            Assert.Equal("part-request", taken.Body.Value.GetProperty("kind").GetString());
            Assert.Equal(numbers["BRG-6204"], row.GetProperty("request_no").GetString());
            Assert.Equal("T-2026-000951", row.GetProperty("ticket_no").GetString());
            Assert.Equal("2", row.GetProperty("quantity").GetString());
            Assert.Equal("eng-zhao", row.GetProperty("requested_by").GetString());
            Assert.Equal([500, 500, 200], erp.For("FLAKY").Select(r => r.Status));
            Assert.All(erp.For("FLAKY"), r => Assert.Equal(numbers["FLAKY"], r.Key));
            Assert.Equal([0, 200], erp.For("SLOW").Select(r => r.Status));
            Assert.All(erp.For("SLOW"), r => Assert.Equal(numbers["SLOW"], r.Key));
            Assert.Equal(3, await hub.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'parts:erp' AND status = 'Sent'"));
            Assert.DoesNotContain(erp.Requests, r => r.Status == 401);

            // The redirect is not followed: nothing reached /elsewhere, and the dead letter says where it pointed.
            Assert.Single(erp.For("MOVED"));
            Assert.DoesNotContain(erp.Requests, r => r.Path == "/elsewhere");
            var dead = (await admin.GetFromJsonAsync<JsonElement>("/api/desk/outbox?status=Dead")).GetProperty("items").EnumerateArray()
                .Select(m => m.GetProperty("lastError").GetString()!).ToList();
            Assert.Equal(2, dead.Count);
            var moved = Assert.Single(dead, e => e.Contains("part-request " + numbers["MOVED"], StringComparison.Ordinal));
            Assert.Contains("HTTP 302, a redirect to /elsewhere; redirects are not followed", moved, StringComparison.Ordinal);

            // The refusal: dead at once (one attempt), with the ERP's words, the CR LF escaped, bounded.
            Assert.Single(erp.For("BAD"));
            var refused = Assert.Single(dead, e => e.Contains("part-request " + numbers["BAD"], StringComparison.Ordinal));
            Assert.Contains(@"HTTP 422, the ERP refused it: item BAD is not in our catalogue\r\nforged: log line xxx", refused, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refused);
            Assert.True(refused.Length < 1000, refused);

            // The ticket's history says how it went; the log has each outcome and never the credential.
            var detail = await engineer.GetFromJsonAsync<JsonElement>("/api/desk/tickets/T-2026-000951");
            Assert.Contains(detail.GetProperty("history").EnumerateArray(),
                h => h.GetProperty("detail").GetString()!.Contains($"Sent to the ERP by REST (Idempotency-Key {numbers["BRG-6204"]})", StringComparison.Ordinal));
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 2326 && e.Message.Contains(numbers["BRG-6204"], StringComparison.Ordinal));
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 2327 && e.Message.Contains(numbers["BAD"], StringComparison.Ordinal));
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 2328 && e.Message.Contains(numbers["MOVED"], StringComparison.Ordinal));
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 2329 && e.Message.Contains(numbers["SLOW"], StringComparison.Ordinal));
            Assert.DoesNotContain(hub.Logs.Entries, e => e.Message.Contains(credential, StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
