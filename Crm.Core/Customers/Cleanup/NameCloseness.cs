namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Relates two normalised names (issue 23 item 7). Bigram similarity cannot tell 精工机械/精功机械 (one slip, 0.33 alike)
/// from 恒达机械/恒达电子 (two companies, also 0.33 alike), so the relation is exact: the same, one character apart
/// (edit distance 1), or one the other shortened (a subsequence with the same first two characters).
/// </summary>
public static class NameCloseness
{
    /// <summary>The shortest core, in Han characters, that one slip apart still means something (two are too common).</summary>
    public const int MinimumHanLength = 3;

    /// <summary>The shortest core, in Latin letters and digits, for the same.</summary>
    public const int MinimumLatinLength = 5;

    public static NameRelation Relate(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length == 0 || b.Length == 0)
        {
            return NameRelation.Different;
        }

        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return NameRelation.Same;
        }

        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (shorter.Length >= MinimumLength(shorter) && OneEditApart(shorter, longer))
        {
            return NameRelation.OneCharacterApart;
        }

        return shorter.Length >= MinimumLength(shorter) - (IsHan(shorter[0]) ? 0 : 1) && shorter.Length < longer.Length
            && shorter.AsSpan(0, 2).SequenceEqual(longer.AsSpan(0, 2)) && IsSubsequence(shorter, longer)
            ? NameRelation.Shortened
            : NameRelation.Different;
    }

    /// <summary>The shortest core that <see cref="NameRelation.OneCharacterApart"/> applies to.</summary>
    public static int MinimumLength(string core) => core.Length > 0 && IsHan(core[0]) ? MinimumHanLength : MinimumLatinLength;

    /// <summary>Whether <paramref name="shorter"/> becomes <paramref name="longer"/> by one substitution, insertion or deletion.</summary>
    private static bool OneEditApart(string shorter, string longer)
    {
        if (longer.Length - shorter.Length > 1)
        {
            return false;
        }

        var i = 0;
        while (i < shorter.Length && shorter[i] == longer[i])
        {
            i++;
        }

        return shorter.Length == longer.Length
            ? shorter.AsSpan(i + 1).SequenceEqual(longer.AsSpan(i + 1))
            : shorter.AsSpan(i).SequenceEqual(longer.AsSpan(i + 1));
    }

    private static bool IsSubsequence(string shorter, string longer)
    {
        var j = 0;
        for (var i = 0; i < longer.Length && j < shorter.Length; i++)
        {
            if (longer[i] == shorter[j])
            {
                j++;
            }
        }

        return j == shorter.Length;
    }

    private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF';
}
