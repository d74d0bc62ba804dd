using System.Text;

namespace IntegrationHub.Hub.Host.Labels;

/// <summary>
/// Where the stickers go on A4 paper (210 x 297 mm): 3 columns of 4 rows, each cell 70 x 74 mm with the QR code (and
/// its quiet zone of 4 modules) 44 mm wide at the top and two lines of text under it. Both writers draw this layout.
/// </summary>
internal static class LabelSheet
{
    public const double PageWidth = 210;
    public const double PageHeight = 297;
    public const int Columns = 3;
    public const int RowsPerPage = 4;
    public const double CellWidth = 70;
    public const double CellHeight = 74;
    public const double QrSide = 44;
    public const double TopMargin = (PageHeight - (RowsPerPage * CellHeight)) / 2;

    /// <summary>The QR codes of <paramref name="labels"/>, in order.</summary>
    public static IReadOnlyList<(MachineLabel Label, QrCode Code)> Encode(IEnumerable<MachineLabel> labels) =>
        [.. labels.Select(l => (l, QrCode.Encode(Encoding.UTF8.GetBytes(l.Link))))];

    /// <summary>The top-left corner of the <paramref name="index"/>th label's cell, in mm from its page's top-left.</summary>
    public static (int Page, double X, double Y) Cell(int index) =>
        (index / (Columns * RowsPerPage), (index % Columns) * CellWidth, TopMargin + ((index / Columns) % RowsPerPage * CellHeight));

    /// <summary>The lines printed under a code: the asset id, and the model when known.</summary>
    public static IReadOnlyList<string> Lines(MachineLabel label) =>
        label.Model is { Length: > 0 } model ? [label.AssetId, model] : [label.AssetId];
}
