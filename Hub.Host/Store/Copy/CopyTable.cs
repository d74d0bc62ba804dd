using System.Globalization;
using System.Text;

namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>
/// One table of <c>hub store copy</c>: its name on PostgreSQL, its columns in the order they are copied, how many of
/// the first columns make its primary key (to name a row that fails), and where its rows come from on SQLite.
/// </summary>
/// <param name="Name">The target table (and the source table unless <paramref name="NotRolledUpReadings"/>).</param>
/// <param name="Columns">Every column, explicitly; the copy checks both schemas hold exactly these.</param>
/// <param name="KeyLength">The number of leading columns that make the primary key.</param>
/// <param name="NotRolledUpReadings">
/// The rows are the raw readings SQLite has not rolled up yet (rowid above <c>telemetry_rollup_progress</c>), which
/// PostgreSQL keeps in its rollup queue instead of a rowid mark.
/// </param>
internal sealed record CopyTable(string Name, IReadOnlyList<CopyColumn> Columns, int KeyLength, bool NotRolledUpReadings = false)
{
    /// <summary>The longest a key value is shown in an error; keys are the operator's own data, still bounded.</summary>
    private const int MaxShown = 80;

    /// <summary>The row's primary key as <c>(ticket_no=T-2026-0001)</c>, control characters escaped, for an error.</summary>
    public string DescribeKey(IReadOnlyList<object?> row)
    {
        var text = new StringBuilder("(");
        for (var i = 0; i < KeyLength && i < row.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(Columns[i].Name).Append('=').Append(Shown(row[i]));
        }

        return text.Append(')').ToString();
    }

    private static string Shown(object? value)
    {
        var raw = value switch
        {
            null => "NULL",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        var shown = new StringBuilder();
        foreach (var c in raw.Length > MaxShown ? raw[..MaxShown] : raw)
        {
            // Issue 16's rule for hostile text: no control character reaches a terminal or a log unescaped.
            if (char.IsControl(c))
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return raw.Length > MaxShown ? shown.Append("...").ToString() : shown.ToString();
    }
}
