using System.Diagnostics;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>
/// Runs the ticket path once at start, in a unit of work that is rolled back, so that the first real alarm does not
/// pay for compiling it (issue 20: the rules benchmark's slow tickets were the first dozen alarms after a start).
/// </summary>
/// <remarks>
/// <para>
/// Why: at ingest, an alarm's ticket, history and notifications are written inside the readings' own transaction. In a
/// freshly started hub the first alarm's transaction JIT-compiles the ticket workflow, the store's ticket statements and
/// the notification templates while it holds the store's writer (SQLite) or the partition's lock, so every reading and
/// alarm behind it waits; under 20,000 readings/s that stall becomes a backlog the next alarms queue behind. The rules
/// benchmark's table by alarm order showed it (bench/results/2026-12-07-rules-2023-noisy.md, 2,000 readings/s on a busy
/// machine): every ticket over 250 ms was among alarms #2-#12, the first third of a second, while the runtime's own
/// counter had the JIT compiling 1,749 methods in that second.
/// </para>
/// <para>
/// What it leaves behind: nothing. The alarm, the ticket (and its number from the counter), its history and its queued
/// messages are written and then rolled back with the unit of work (<see cref="IRulesStore.BeginAsync"/>). It runs
/// through a <see cref="TicketWorkflow"/> of its own, without the hub's logger and instruments, so it neither logs
/// "ticket opened" nor counts a ticket; the machine it names (<see cref="AssetId"/>) is nobody's. A failure here only
/// means the first alarm pays for the compilation again: it is logged and the hub starts.
/// </para>
/// </remarks>
internal sealed partial class TicketPathWarmUp(
    HubRules rules, HubOptions options, NotificationPlanner planner, IRulesStore store, TimeProvider time, ILogger<TicketPathWarmUp> logger)
{
    /// <summary>The machine the rolled-back alarm names; no installed-equipment record has it.</summary>
    public const string AssetId = "hub-warm-up";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (rules.Rules.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var rule = rules.Rules[0];
        try
        {
            var workflow = new TicketWorkflow(options, planner, time, NullLogger<TicketWorkflow>.Instance);
            await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
            var raised = new AlarmTransition
            {
                Kind = AlarmTransitionKind.Raised,
                RuleId = rule.Rule.Id,
                AssetId = AssetId,
                Metric = rule.Rule.Metric,
                Code = rule.Rule.Code,
                Severity = rule.Rule.Severity,
                At = time.GetUtcNow(),
                Reason = "start-up warm-up, rolled back",
                TextEn = rule.Rule.TextEn,
                TextZhCn = rule.Rule.TextZhCn,
            };
            await workflow.OnRaisedAsync(tx, raised, rule.RequiredSkill, cancellationToken).ConfigureAwait(false);
            // No commit: disposing the unit of work rolls back everything written above.
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(logger, ex, rule.Rule.Id);
            return;
        }

        Warmed(logger, rule.Rule.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(2360, LogLevel.Information, "Ticket path warmed at start through rule {RuleId} in {Milliseconds:0} ms (rolled back: no alarm, ticket or message kept)")]
    private static partial void Warmed(ILogger logger, string ruleId, double milliseconds);

    [LoggerMessage(2361, LogLevel.Warning, "Warming the ticket path at start through rule {RuleId} failed; the first alarm will pay for compiling it")]
    private static partial void Failed(ILogger logger, Exception exception, string ruleId);
}
