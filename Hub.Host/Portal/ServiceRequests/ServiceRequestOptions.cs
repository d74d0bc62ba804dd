using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Hub.Host.Photos;

namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>Problems customers report on the portal and through the chat robot (issue 24 item 1, docs/field-service.md).</summary>
internal sealed record ServiceRequestOptions
{
    /// <summary>
    /// The kinds of problem a customer can choose, each with the severity that sets the ticket's priority. Empty uses the
    /// built-in table: <c>machine-down</c> (Critical), <c>fault</c> (Major), <c>quality</c> (Major), <c>noise</c> (Warning),
    /// <c>other</c> (Warning), <c>question</c> (Info). A list set here replaces the built-in one as a whole.
    /// </summary>
    /// <value>The default value is none: the built-in table.</value>
    public IReadOnlyList<ServiceRequestCategory> Categories { get; init; } = [];

    /// <summary>The category of a chat report whose text matches no category's keywords.</summary>
    /// <value>The default value is <c>fault</c>.</value>
    public string ChatCategory { get; init; } = "fault";

    /// <summary>The longest description a customer may write, in characters.</summary>
    /// <value>The default value is 2000.</value>
    public int MaxTextLength { get; init; } = 2000;

    /// <summary>Photos one report may carry (0 turns photos off).</summary>
    /// <value>The default value is 3.</value>
    public int MaxPhotos { get; init; } = 3;

    /// <summary>
    /// Photos one customer may send in 24 hours (a rolling window, counted from the stored requests on every node): a
    /// report that would go past it is refused with 429 <c>photo_budget</c> before any of its photos is written.
    /// </summary>
    /// <value>The default value is 30 (ten full reports a day).</value>
    public int MaxPhotosPerCustomerPerDay { get; init; } = 30;

    /// <summary>The bytes of photos (as stored, after stripping) one customer may send in 24 hours, checked as <see cref="MaxPhotosPerCustomerPerDay"/>.</summary>
    /// <value>The default value is 104857600 (100 MiB).</value>
    public long MaxPhotoBytesPerCustomerPerDay { get; init; } = 100L * 1024 * 1024;

    /// <summary>The limits of each photo.</summary>
    public PhotoOptions Photos { get; init; } = new();

    /// <summary>The categories in force: <see cref="Categories"/>, or the built-in table when none are set.</summary>
    public IReadOnlyList<ServiceRequestCategory> CategoryTable() => Categories.Count > 0 ? Categories : BuiltInCategories;

    /// <summary>The table used when <see cref="Categories"/> is empty.</summary>
    public static IReadOnlyList<ServiceRequestCategory> BuiltInCategories { get; } =
    [
        new() { Name = "machine-down", Severity = AlarmSeverity.Critical, TextEn = "Machine stopped", TextZhCn = "设备停机", Keywords = ["停机", "不能开机", "down", "stopped"] },
        new() { Name = "fault", Severity = AlarmSeverity.Major, TextEn = "Fault or alarm", TextZhCn = "故障或报警", Keywords = ["故障", "报警", "fault", "alarm", "error"] },
        new() { Name = "quality", Severity = AlarmSeverity.Major, TextEn = "Product quality problem", TextZhCn = "产品质量问题", Keywords = ["质量", "quality", "defect"] },
        new() { Name = "noise", Severity = AlarmSeverity.Warning, TextEn = "Abnormal noise or vibration", TextZhCn = "异响或振动", Keywords = ["异响", "噪音", "振动", "noise", "vibration"] },
        new() { Name = "other", Severity = AlarmSeverity.Warning, TextEn = "Other problem", TextZhCn = "其他问题" },
        new() { Name = "question", Severity = AlarmSeverity.Info, TextEn = "Question or advice", TextZhCn = "咨询" },
    ];
}
