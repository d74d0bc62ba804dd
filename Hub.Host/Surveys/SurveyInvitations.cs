using System.Globalization;
using IntegrationHub.Adapters.Notifications.Templates;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Milestones;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// Asks the customer of a resolved ticket for a rating (issue 24 item 5): one invitation per ticket, written in the
/// resolve's transaction with its outbox message, by mail through the customer audience's channel, or to the customer's
/// chat robot when their notifications go there (with how to answer in the chat, <see cref="SurveyChatInvitation"/>).
/// Quiet hours apply; it is a service message (<see cref="ServiceMessages"/>), not counted against the per-customer
/// limit. A ticket resolved again (after a reopen) sends none: the customer was asked about this ticket already, and a
/// second answer would count the engineer twice. Follow-up tickets of low scores send none.
/// </summary>
internal sealed class SurveyInvitations(
    HubOptions options, HubNotifications notifications, SurveyLinks links, MilestoneChannels channels, IMilestoneStore milestones, ILogger<SurveyInvitations> logger)
{
    private readonly SurveyOptions _survey = options.Portal.Survey;
    private readonly Dictionary<string, EngineerOptions> _roster = options.Rules.Roster.ToDictionary(e => e.Id, StringComparer.Ordinal);
    private readonly TimeZoneInfo _zone = NotificationPlanner.FindZone(options.Notifications.TimeZone);

    /// <summary>Queues the survey of <paramref name="resolved"/> in <paramref name="tx"/>, when there is a customer to ask and a channel to ask by.</summary>
    public async Task OnResolvedAsync(IRulesUnitOfWork tx, ServiceTicket resolved, Customer? customer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_survey.Enabled || customer is null || SurveyFollowUps.IsFollowUp(resolved) || tx is not ISurveyUnitOfWork surveys
            || notifications.Templates is not { } templates
            || await ChannelAsync(customer, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var (channel, byChat) = found;
        var recipients = !byChat && customer.Email is { Length: > 0 } email ? new[] { email } : [];
        if (notifications.Channel(channel)?.Kind == "smtp" && recipients.Length == 0)
        {
            return;
        }

        var (token, idHash) = links.Issue(resolved.TicketNo);
        var invitation = new SurveyInvitation
        {
            IdHash = idHash,
            TicketNo = resolved.TicketNo,
            CustomerCode = resolved.CustomerCode,
            Engineer = resolved.Assignee,
            Category = resolved.AlarmCode,
            ResolvedAt = now,
            ExpiresAt = now + _survey.LinkLifetime,
        };
        if (!await surveys.AddSurveyInvitationAsync(invitation, cancellationToken).ConfigureAwait(false))
        {
            SurveyLog.AlreadyInvited(logger, resolved.TicketNo);
            return;
        }

        var model = new SurveyInvitationModel
        {
            TicketNo = resolved.TicketNo,
            AssetId = resolved.AssetId,
            CustomerName = customer.Name,
            Engineer = resolved.Assignee is { } id ? _roster.GetValueOrDefault(id)?.Name ?? id : null,
            Link = SurveyLinks.Link(_survey.PublicAddress, token),
            AnswerBy = TimeZoneInfo.ConvertTime(invitation.ExpiresAt, _zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ChatReply = byChat ? SurveyChatInvitation.Example(resolved.TicketNo, customer.Language) : null,
        };
        var rendered = templates.Render(
            NotificationEvents.SurveyInvitation, Audiences.Customer, customer.Language ?? NotificationTemplates.FallbackLanguage, model, recipients);
        await tx.EnqueueAsync(new OutboxMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            EventKey = $"{NotificationEvents.SurveyInvitation}/{resolved.TicketNo}/{Audiences.Customer}/{channel}",
            Channel = channel,
            Audience = Audiences.Customer,
            CustomerCode = resolved.CustomerCode,
            Subject = rendered.Subject,
            Body = rendered.Body,
            Recipients = rendered.Recipients,
            NextAttemptAt = now,
            CreatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        SurveyLog.Invited(logger, resolved.TicketNo, resolved.CustomerCode, channel);
    }

    /// <summary>
    /// The channel that carries the invitation: the customer's chat robot when their notifications go there (the
    /// channel they chose in the portal for order messages, or the only one they have), else the customer audience's
    /// channel; null when there is none.
    /// </summary>
    private async Task<(string Channel, bool ByChat)?> ChannelAsync(Customer customer, CancellationToken cancellationToken)
    {
        var preferences = await milestones.GetPreferencesAsync(customer.Code, cancellationToken).ConfigureAwait(false) ?? MilestonePreferences.Default(customer.Code);
        if (channels.Resolve(customer, preferences) is { Choice: MilestoneChannels.Chat } robot)
        {
            return (robot.Channel, true);
        }

        return HubNotifications.Audience(options.Notifications, Audiences.Customer).Channel is { Length: > 0 } channel ? (channel, false) : null;
    }
}
