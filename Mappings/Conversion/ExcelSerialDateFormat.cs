using System.Globalization;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>
/// Excel's serial dates: days since 1899-12-30, the fraction being the time of day (45952 is 2025-10-22,
/// 45952.5 is noon that day). Written <c>excel-serial</c> in a mapping; a wall-clock time in the mapping's zone.
/// </summary>
internal sealed class ExcelSerialDateFormat : DateFormat
{
    public const string Keyword = "excel-serial";

    private static readonly DateTime Epoch = new(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);

    // 9999-12-31 is serial 2958465; serials before 1 are not dates in Excel.
    private const double MaxSerial = 2958466;

    public static ExcelSerialDateFormat Instance { get; } = new();

    public override string Name => Keyword;

    public override bool TryParse(string text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial)
            || serial < 1 || serial >= MaxSerial)
        {
            value = default;
            return false;
        }

        // Rounded to the millisecond: binary fractions of a day are never exact.
        var milliseconds = Math.Round(serial * TimeSpan.TicksPerDay / TimeSpan.TicksPerMillisecond);
        var local = Epoch.AddTicks((long)milliseconds * TimeSpan.TicksPerMillisecond);
        return TryInZone(local, zone, out value);
    }
}
