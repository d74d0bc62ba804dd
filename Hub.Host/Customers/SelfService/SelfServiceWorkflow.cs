using System.Security.Cryptography;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// Customers keep their own data (issue 23 item 3): a change proposed on the portal is checked and recorded as pending
/// with the values before and after; the desk approves it (customer master, decision and the ERP's file committed
/// together) or rejects it (only the decision is recorded). Nothing is applied without approval.
/// </summary>
internal sealed class SelfServiceWorkflow(
    ICustomerChangeStore changes, IHubStore hub, HubOptions options, TimeProvider time,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal enqueued, ILogger<SelfServiceWorkflow> logger)
{
    /// <summary>The most changes a list answers with.</summary>
    public const int ListLimit = 200;

    private static readonly IReadOnlyDictionary<string, string?> Empty = new Dictionary<string, string?>(StringComparer.Ordinal);

    private readonly bool _sends = options.Customers.Export.Folder is { Length: > 0 };

    public async Task<ProposeOutcome> ProposeAsync(string customerCode, string actor, ProfileInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var customer = await hub.GetCustomerAsync(customerCode, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return Refuse(customerCode, StatusCodes.Status409Conflict, "no_customer", $"Account {customerCode} is not in the customer master yet; ask the service desk.");
        }

        IReadOnlyDictionary<string, string?> old;
        string? targetId = input.TargetId;
        switch (input.Subject, input.Action)
        {
            case (ProfileSubjects.Contact, ProfileSubjects.Add):
                old = Empty;
                targetId = $"{customerCode}-W{RandomNumberGenerator.GetHexString(10, lowercase: true)}";
                break;
            case (ProfileSubjects.Contact, _):
                // Another customer's contact, a removed one and an unknown id get the same answer: ids are not probed.
                var contact = ProfileApproval.Live(await changes.ContactAsync(targetId!, cancellationToken).ConfigureAwait(false), customerCode);
                if (contact is null)
                {
                    return Refuse(customerCode, StatusCodes.Status404NotFound, "not_found", $"No contact {ProfileInput.Visible(targetId!, 100)} on your account.");
                }

                old = ProfileValues.Of(contact);
                break;
            case (ProfileSubjects.Address, ProfileSubjects.Add):
                old = Empty;
                targetId = $"A{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
                break;
            case (ProfileSubjects.Address, _):
                if (ProfileValues.Address(customer, targetId) is not { } address)
                {
                    return Refuse(customerCode, StatusCodes.Status404NotFound, "not_found", $"No delivery address {ProfileInput.Visible(targetId!, 100)} on your account.");
                }

                old = ProfileValues.Of(address);
                break;
            default:
                old = ProfileValues.OfPlans(customer);
                targetId = null;
                break;
        }

        var fields = ProfileSubjects.Fields(input.Subject);
        IReadOnlyDictionary<string, string?> @new = input.Action == ProfileSubjects.Remove
            ? Empty
            : fields.ToDictionary(f => f, f => input.Values.TryGetValue(f, out var given) ? given : old.GetValueOrDefault(f), StringComparer.Ordinal);
        if (input.Action == ProfileSubjects.Edit && ProfileValues.Same(old, @new))
        {
            return Refuse(customerCode, StatusCodes.Status400BadRequest, "unchanged", "The values are the ones on record already: nothing to change.");
        }

        if (input.CheckOnly)
        {
            return new ProposeOutcome { Values = @new, Hints = input.Hints, Suggestions = input.Suggestions };
        }

        if (input.Hints.Count > 0 && !input.ConfirmHints)
        {
            // Offered, never applied: the customer takes the suggestion or confirms the value as typed.
            return new ProposeOutcome
            {
                Status = StatusCodes.Status422UnprocessableEntity, Error = "hints", Values = @new, Hints = input.Hints, Suggestions = input.Suggestions,
                Message = "Please check: " + string.Join(" ", input.Hints) + " Take the suggestion, or confirm the value as typed.",
            };
        }

        var change = new ProfileChange
        {
            ChangeId = "PC-" + RandomNumberGenerator.GetHexString(20, lowercase: true), CustomerCode = customerCode, Subject = input.Subject,
            Action = input.Action, TargetId = targetId, Old = old, New = @new, Hints = input.Hints, ProposedBy = actor, ProposedAt = time.GetUtcNow(),
        };
        var limit = options.Customers.SelfService.MaxPendingChanges;
        if (!await changes.ProposeAsync(change, limit, cancellationToken).ConfigureAwait(false))
        {
            SelfServiceLog.TooManyPending(logger, customerCode, limit);
            return ProposeOutcome.Refused(StatusCodes.Status409Conflict, "too_many_pending",
                $"Your account has {limit} changes waiting for the service desk, the most it keeps; wait until the desk has decided some, then propose again.");
        }

        SelfServiceLog.Proposed(logger, customerCode, change.ChangeId, change.Action, change.Subject, change.TargetId);
        return new ProposeOutcome { Status = StatusCodes.Status202Accepted, Change = change };
    }

    public async Task<ProfileDecisionOutcome> ApproveAsync(string changeId, string user, string? reason, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var outcome = await changes.DecideAsync(changeId, (change, customer, contact) =>
        {
            var write = ProfileApproval.Apply(change, customer, contact, at, out var conflict);
            if (write is null)
            {
                return new ProfileDecision { Conflict = conflict };
            }

            var decided = change with { Status = ProfileChangeStatus.Approved, DecidedBy = user, DecidedAt = at, Reason = reason };
            return new ProfileDecision { Decided = decided, Write = write, Message = _sends ? CustomerChangeExport.Message(decided, at) : null };
        }, cancellationToken).ConfigureAwait(false);
        Log(outcome, user);
        if (outcome.Result == ProfileDecisionOutcome.DecidedResult && _sends)
        {
            enqueued.Pulse();
        }

        return outcome;
    }

    public async Task<ProfileDecisionOutcome> RejectAsync(string changeId, string user, string reason, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var outcome = await changes.DecideAsync(changeId, (change, _, _) => new ProfileDecision
        {
            Decided = change with { Status = ProfileChangeStatus.Rejected, DecidedBy = user, DecidedAt = at, Reason = reason },
        }, cancellationToken).ConfigureAwait(false);
        Log(outcome, user);
        return outcome;
    }

    private void Log(ProfileDecisionOutcome outcome, string user)
    {
        switch (outcome)
        {
            case { Result: ProfileDecisionOutcome.DecidedResult, Change: { Status: ProfileChangeStatus.Approved } c }:
                SelfServiceLog.Approved(logger, c.ChangeId, c.CustomerCode, user, _sends ? $", and {CustomerChangeExport.Table(c).FileName} queued for the ERP" : "; no file for the ERP: Hub:Customers:Export:Folder is not set");
                break;
            case { Result: ProfileDecisionOutcome.DecidedResult, Change: { } c }:
                SelfServiceLog.Rejected(logger, c.ChangeId, c.CustomerCode, user);
                break;
            case { Result: ProfileDecisionOutcome.ConflictResult, Change: { } c }:
                SelfServiceLog.Stale(logger, c.ChangeId, c.CustomerCode, user);
                break;
            case { Result: ProfileDecisionOutcome.AlreadyDecidedResult, Change: { } c }:
                SelfServiceLog.AlreadyDecided(logger, c.ChangeId, c.Status, c.DecidedBy ?? "?", user);
                break;
        }
    }

    private ProposeOutcome Refuse(string customerCode, int status, string error, string message)
    {
        SelfServiceLog.Refused(logger, customerCode, Adapters.Abstractions.LogText.Escape(message));
        return ProposeOutcome.Refused(status, error, message);
    }
}
