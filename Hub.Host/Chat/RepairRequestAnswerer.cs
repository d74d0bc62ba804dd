using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Portal.ServiceRequests;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// Answers a chat report of a problem (<see cref="RepairRequest"/>): a user linked to a customer opens a service request
/// on one of that customer's machines, through the same <see cref="ServiceRequestIntake"/> as the portal's form. The
/// platform's message id is the idempotency key, so a message the platform delivers twice opens one ticket; an unknown
/// machine and another customer's get the same answer.
/// </summary>
internal sealed class RepairRequestAnswerer(HubOptions options, ServiceRequestIntake intake)
{
    public async Task<ChatAnswer> AnswerAsync(RepairRequest repair, IEnumerable<string?> senderIds, string? messageId, CancellationToken cancellationToken)
    {
        var zh = repair.Chinese;
        if (senderIds.Select(options.Chat.CustomerOf).FirstOrDefault(c => c is not null) is not { } customer)
        {
            return ChatAnswer.NotLinked(zh);
        }

        if (repair.Text.Length == 0)
        {
            return zh
                ? new("报修", "请在设备编号后描述问题，例如：报修 EQ-C001-01 主轴异响")
                : new("Report a problem", "Describe the problem after the machine id, for example: repair EQ-C001-01 spindle noise");
        }

        var key = messageId is { Length: > 0 }
            ? "chat-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..40]
            : "chat-" + Guid.NewGuid().ToString("N");
        var outcome = await intake.SubmitAsync(new ServiceRequestDraft
        {
            CustomerCode = customer,
            AssetId = repair.AssetId,
            Category = intake.ChatCategory(repair.Text).Name,
            Text = repair.Text,
            Channel = "chat",
            RequestKey = key,
        }, cancellationToken).ConfigureAwait(false);
        var asset = Escape(repair.AssetId);
        return outcome.Status switch
        {
            ServiceRequestStatus.Opened or ServiceRequestStatus.Replayed => zh
                ? new("报修已受理", $"设备 {asset} 的报修已受理，工单号 **{outcome.TicketNo}**。服务人员会尽快与您联系。")
                : new("Problem reported", $"Your report on {asset} is ticket **{outcome.TicketNo}**. The service desk will contact you shortly."),
            ServiceRequestStatus.UnknownAsset => zh
                ? new("报修", $"没有找到设备 {asset}。请核对设备铭牌或二维码标签上的编号。")
                : new("Report a problem", $"No machine {asset} was found for your company. Check the id on the machine's label."),
            _ => zh
                ? new("报修", $"报修未受理：{Escape(outcome.Error ?? string.Empty)}")
                : new("Report a problem", $"The report was not taken: {Escape(outcome.Error ?? string.Empty)}"),
        };
    }

    private static string Escape(string text) => ChatAnswer.Escape(text);
}
