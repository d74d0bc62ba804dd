using System.Globalization;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>How a source writes numbers: its decimal mark and its thousands separator, if any.</summary>
internal sealed class NumberFormat
{
    public NumberFormat(string decimalMark, string? thousandsSeparator)
    {
        DecimalMark = decimalMark;
        ThousandsSeparator = string.IsNullOrEmpty(thousandsSeparator) ? null : thousandsSeparator;
        var info = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        info.NumberDecimalSeparator = decimalMark;
        // An unused separator must still differ from the decimal mark, or .NET reads one as the other.
        info.NumberGroupSeparator = ThousandsSeparator ?? (decimalMark == "\u00A0" ? "\u2009" : "\u00A0");
        Info = NumberFormatInfo.ReadOnly(info);
        var thousands = ThousandsSeparator is null ? NumberStyles.None : NumberStyles.AllowThousands;
        DecimalStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | thousands;
        IntegerStyles = NumberStyles.AllowLeadingSign | thousands;
    }

    public static NumberFormat Invariant { get; } = new(".", null);

    public string DecimalMark { get; }

    public string? ThousandsSeparator { get; }

    public NumberFormatInfo Info { get; }

    public NumberStyles DecimalStyles { get; }

    public NumberStyles IntegerStyles { get; }

    public string Describe(bool withDecimals) =>
        (withDecimals ? $"with decimal mark '{DecimalMark}'" : "whole")
        + (ThousandsSeparator is null ? string.Empty : $" and thousands separator '{ThousandsSeparator}'");
}
