namespace IntegrationHub.Hub.Host.Labels;

/// <summary>
/// A 5 x 7 pixel font of the characters machine ids and model names are made of (digits, Latin capitals, - . / _ :),
/// for the PNG label sheet. Lower-case letters are drawn as capitals; any other character as '?' (the PDF sheet uses
/// the printer's Helvetica instead).
/// </summary>
internal static class LabelFont
{
    public const int Width = 5;
    public const int Height = 7;

    // Each glyph: 35 bits, the top row first, each row's left pixel first.
    private static readonly Dictionary<char, long> s_glyphs = new()
    {
        ['0'] = 0x3A33AE62EL,
        ['1'] = 0x11842108EL,
        ['2'] = 0x3A211111FL,
        ['3'] = 0x7C441062EL,
        ['4'] = 0x08CA97C42L,
        ['5'] = 0x7E1E0862EL,
        ['6'] = 0x1910F462EL,
        ['7'] = 0x7C2222108L,
        ['8'] = 0x3A317462EL,
        ['9'] = 0x3A317844CL,
        ['A'] = 0x3A31FC631L,
        ['B'] = 0x7A31F463EL,
        ['C'] = 0x3A308422EL,
        ['D'] = 0x72518C65CL,
        ['E'] = 0x7E10F421FL,
        ['F'] = 0x7E10F4210L,
        ['G'] = 0x3A30BC62FL,
        ['H'] = 0x4631FC631L,
        ['I'] = 0x38842108EL,
        ['J'] = 0x1C4210A4CL,
        ['K'] = 0x4654C5251L,
        ['L'] = 0x42108421FL,
        ['M'] = 0x4775AC631L,
        ['N'] = 0x4639ACE31L,
        ['O'] = 0x3A318C62EL,
        ['P'] = 0x7A31F4210L,
        ['Q'] = 0x3A318D64DL,
        ['R'] = 0x7A31F5251L,
        ['S'] = 0x3E107043EL,
        ['T'] = 0x7C8421084L,
        ['U'] = 0x46318C62EL,
        ['V'] = 0x46318C544L,
        ['W'] = 0x4631AD6AAL,
        ['X'] = 0x462A22A31L,
        ['Y'] = 0x462A21084L,
        ['Z'] = 0x7C222221FL,
        ['-'] = 0x0000F8000L,
        ['.'] = 0x00000018CL,
        ['/'] = 0x002222200L,
        ['_'] = 0x00000001FL,
        [':'] = 0x018C03180L,
        ['?'] = 0x3A2111004L,
    };

    /// <summary>Whether the pixel at <paramref name="row"/>, <paramref name="column"/> of <paramref name="c"/>'s glyph is dark.</summary>
    public static bool IsDark(char c, int row, int column)
    {
        if (c == ' ')
        {
            return false;
        }

        var glyph = s_glyphs.TryGetValue(char.ToUpperInvariant(c), out var bits) ? bits : s_glyphs['?'];
        return ((glyph >> (34 - ((row * Width) + column))) & 1) != 0;
    }
}
