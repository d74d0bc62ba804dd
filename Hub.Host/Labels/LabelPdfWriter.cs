using System.Globalization;
using System.Text;

namespace IntegrationHub.Hub.Host.Labels;

/// <summary>
/// Writes the label sheet as a PDF 1.4 document of A4 pages (ISO 32000-1: a catalog, a page tree, one content stream
/// per page drawing the QR modules as filled rectangles and the text in the standard Helvetica font, and a
/// cross-reference table of byte offsets). Text outside WinAnsi (Latin-1) prints as '?'.
/// </summary>
internal static class LabelPdfWriter
{
    private const double PointsPerMm = 72 / 25.4;

    public static byte[] Write(IReadOnlyList<(MachineLabel Label, QrCode Code)> labels)
    {
        var pages = new List<StringBuilder>();
        for (var i = 0; i < labels.Count; i++)
        {
            var (page, x, y) = LabelSheet.Cell(i);
            while (pages.Count <= page)
            {
                pages.Add(new StringBuilder());
            }

            Draw(pages[page], labels[i].Label, labels[i].Code, x, y);
        }

        if (pages.Count == 0)
        {
            pages.Add(new StringBuilder());
        }

        // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream for each page.
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            Invariant($"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, p) => Invariant($"{4 + (2 * p)} 0 R")))}] /Count {pages.Count} >>"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        for (var p = 0; p < pages.Count; p++)
        {
            var content = pages[p].ToString();
            objects.Add(Invariant($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Pt(LabelSheet.PageWidth)} {Pt(LabelSheet.PageHeight)}] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + (2 * p)} 0 R >>"));
            objects.Add(Invariant($"<< /Length {Encoding.Latin1.GetByteCount(content)} >>\nstream\n{content}\nendstream"));
        }

        using var output = new MemoryStream();
        Write(output, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            Write(output, Invariant($"{i + 1} 0 obj\n{objects[i]}\nendobj\n"));
        }

        var xref = output.Position;
        var table = new StringBuilder(Invariant($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            table.Append(Invariant($"{offset:D10} 00000 n \n"));
        }

        table.Append(Invariant($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        Write(output, table.ToString());
        return output.ToArray();
    }

    private static void Draw(StringBuilder page, MachineLabel label, QrCode code, double x, double y)
    {
        var module = LabelSheet.QrSide / (code.Size + 8);
        var left = x + ((LabelSheet.CellWidth - LabelSheet.QrSide) / 2) + (4 * module);
        var top = y + 4 + (4 * module);
        page.Append("0 g\n");
        for (var row = 0; row < code.Size; row++)
        {
            for (var column = 0; column < code.Size; column++)
            {
                if (code.IsDark(row, column))
                {
                    // PDF's origin is the page's bottom-left; a rectangle is its lower-left corner, width and height.
                    page.Append(Invariant($"{Pt(left + (column * module))} {Pt(LabelSheet.PageHeight - top - ((row + 1) * module))} {Pt(module)} {Pt(module)} re\n"));
                }
            }
        }

        page.Append("f\n");
        var lines = LabelSheet.Lines(label);
        for (var i = 0; i < lines.Count; i++)
        {
            var size = i == 0 ? 11 : 9;
            var baseline = y + 4 + LabelSheet.QrSide + 5 + (i * 6);
            page.Append(Invariant($"BT /F1 {size} Tf {Pt(x + 8)} {Pt(LabelSheet.PageHeight - baseline)} Td ({Escape(lines[i])}) Tj ET\n"));
        }
    }

    // 7.3.4.2: a literal string escapes \, ( and ); anything outside printable Latin-1 becomes '?'.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' or '(' or ')' => "\\" + c,
                _ when c is >= ' ' and <= '~' or >= '\u00a0' and <= '\u00ff' => c.ToString(),
                _ => "?",
            });
        }

        return escaped.ToString();
    }

    private static string Pt(double mm) => (mm * PointsPerMm).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static void Write(Stream output, string text) => output.Write(Encoding.Latin1.GetBytes(text));
}
