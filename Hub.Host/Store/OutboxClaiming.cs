using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// One claim of due outbox messages by one node (issue 18 item 3), the same steps on SQLite and PostgreSQL, in one
/// transaction: take the due rows no other node holds, decide each customer message against the per-customer limit
/// while that customer's claims are serialised, mark the rest claimed, commit.
/// </summary>
/// <remarks>
/// Deciding the limit here, not before each send, is what makes it exact: the count covers messages sent within the
/// window and messages other claims hold in flight, and no other claim of the same customer can count between the
/// check and the mark. A claimed message that then fails is released pending, so it stops counting.
/// </remarks>
internal static class OutboxClaiming
{
    public static async Task<OutboxClaimResult> ClaimAsync(IOutboxClaimSteps steps, OutboxClaimRequest request, CancellationToken cancellationToken)
    {
        var candidates = await steps.ClaimCandidatesAsync(request.Now, request.Take, cancellationToken).ConfigureAwait(false);
        var customers = request.CustomersHeldUntil is null
            ? candidates.Select(m => LimitedCustomer(m, request)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : [];
        // One fixed order (ordinal) on every node, so that two claims waiting for each other's customers cannot deadlock.
        await steps.LockCustomersAsync(customers, cancellationToken).ConfigureAwait(false);
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            used[customer] = await steps.CustomerUseAsync(customer, request.Now - request.CustomerWindow, request.Now, request.UncountedEvents, cancellationToken).ConfigureAwait(false);
        }

        var token = Guid.NewGuid().ToString("N");
        var expiresAt = request.Now + request.ClaimDuration;
        var claimed = new List<OutboxMessage>();
        var suppressed = new List<(OutboxMessage, string)>();
        var takenOver = new List<(OutboxMessage, string)>();
        var held = 0;
        foreach (var message in candidates)
        {
            if (message.Audience == Audiences.Customer && request.CustomersHeldUntil is { } until)
            {
                await steps.UpdateOutboxAsync(message.Id, message.ClaimToken, OutboxStatus.Pending, message.Attempts, until, request.HeldReason, null, cancellationToken).ConfigureAwait(false);
                held++;
                continue;
            }

            if (LimitedCustomer(message, request) is { } customer)
            {
                if (used[customer] >= request.CustomerLimit)
                {
                    var reason = request.SuppressedReason(customer);
                    await steps.UpdateOutboxAsync(message.Id, message.ClaimToken, OutboxStatus.Suppressed, message.Attempts, request.Now, reason, null, cancellationToken).ConfigureAwait(false);
                    suppressed.Add((message, reason));
                    continue;
                }

                used[customer]++;
            }

            await steps.MarkClaimedAsync(message.Id, request.NodeId, token, expiresAt, cancellationToken).ConfigureAwait(false);
            if (message.ClaimedBy is { } previous)
            {
                takenOver.Add((message, previous));
            }

            claimed.Add(message with { ClaimedBy = request.NodeId, ClaimToken = token, ClaimExpiresAt = expiresAt });
        }

        await steps.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxClaimResult { Claimed = claimed, Suppressed = suppressed, TakenOver = takenOver, Held = held };
    }

    /// <summary>The customer whose limit the message counts against, or null when it counts against none (staff, service messages).</summary>
    private static string? LimitedCustomer(OutboxMessage message, OutboxClaimRequest request) =>
        message.Audience == Audiences.Customer && !request.UncountedEvents.Contains(ServiceMessages.EventName(message.EventKey), StringComparer.Ordinal)
            ? message.CustomerCode
            : null;
}
