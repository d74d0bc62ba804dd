using System.Globalization;
using System.Text;
using IntegrationHub.Crm.Core.Progress;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// What the robot answers, as a title and markdown text, whichever chat it came from: DingTalk and WeCom each wrap it
/// in their own reply body.
/// </summary>
internal sealed record ChatAnswer(string Title, string Markdown)
{
    private static readonly Dictionary<OrderStage, string> Chinese = new()
    {
        [OrderStage.Received] = "已接单", [OrderStage.Scheduled] = "已排产", [OrderStage.InProduction] = "生产中",
        [OrderStage.QualityCheck] = "质检中", [OrderStage.ReadyToShip] = "待发货", [OrderStage.PartiallyShipped] = "部分发货",
        [OrderStage.Shipped] = "已发货", [OrderStage.Delivered] = "已签收", [OrderStage.OnHold] = "暂停", [OrderStage.Cancelled] = "已取消",
    };

    public static ChatAnswer Help(bool chinese) => chinese
        ? new("订单查询", "发送 **查订单 订单号** 查询订单进度，例如：查订单 SO-2025-1022-087")
        : new("Order lookup", "Send **order <number>** to see an order's progress, for example: order SO-2025-1022-087");

    public static ChatAnswer NotLinked(bool chinese) => chinese
        ? new("订单查询", "您的聊天账号尚未绑定客户，无法查询订单。请联系供应商的客服开通。")
        : new("Order lookup", "Your chat account is not linked to a customer yet, so it cannot look up orders. Ask your supplier's service desk.");

    // The same answer for an unknown order and another customer's: the robot does not tell which numbers exist.
    public static ChatAnswer NotFound(string orderNo, bool chinese) => chinese
        ? new("订单查询", $"没有找到订单 {Escape(orderNo)}。请核对订单确认书上的订单号。")
        : new("Order lookup", $"No order {Escape(orderNo)} was found for your company. Check the number on your order confirmation.");

    public static ChatAnswer Progress(OrderProgress progress, bool chinese)
    {
        var stage = chinese ? Chinese[progress.Stage] : Spaced(progress.Stage.ToString());
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#### {(chinese ? "订单" : "Order")} {Escape(progress.OrderNo)}: {stage}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- {(chinese ? "生产进度" : "Produced")}: {progress.PercentProduced:0.#}%\n");
        if (progress.Eta is { } eta)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {(chinese ? "预计交付" : "Expected delivery")}: {eta:yyyy-MM-dd}\n");
        }

        foreach (var shipment in progress.Shipments)
        {
            var line = $"- {(chinese ? "发货" : "Shipment")} {Escape(shipment.ShipmentNo)}: {Escape(shipment.Carrier ?? "")} {Escape(shipment.TrackingNo ?? "")}";
            text.Append(line.TrimEnd()).Append('\n');
        }

        return new(chinese ? $"订单 {progress.OrderNo}" : $"Order {progress.OrderNo}", text.ToString());
    }

    private static string Spaced(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    // ERP text goes into markdown: characters that would format or link are escaped.
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '_' or '[' or ']' or '(' or ')' or '#' or '>' or '`' or '!' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return escaped.ToString();
    }
}
