namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// The pairs worth scoring, without comparing every record with every other (10,000 customers are 50 million pairs).
/// A proposal needs a name relation, so records are grouped by keys of their normalised name that any related pair
/// shares: the name itself (<see cref="NameRelation.Same"/>), the name with one character left out (SymSpell's
/// deletion keys: one substitution, insertion or deletion apart share one, <see cref="NameRelation.OneCharacterApart"/>),
/// and the first two characters (<see cref="NameRelation.Shortened"/>). Cost: about (L + 2) keys per record for a name of
/// L characters, plus the pairs within each group; a group of more than <see cref="MaxLooseGroup"/> records under a
/// deletion or prefix key (a prefix half the master shares) is skipped for that key, so the work stays near linear.
/// </summary>
internal static class DuplicateBlocking
{
    /// <summary>Names longer than this get no deletion keys (a 10 kB name would make 10,000 keys of 10 kB).</summary>
    public const int MaxKeyedLength = 40;

    /// <summary>The largest group compared under a loose (deletion or prefix) key.</summary>
    public const int MaxLooseGroup = 200;

    public static IEnumerable<(int First, int Second)> Candidates(IReadOnlyList<string> cores)
    {
        var exact = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var loose = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < cores.Count; i++)
        {
            var core = cores[i];
            if (core.Length == 0)
            {
                continue;
            }

            Add(exact, core, i);
            if (core.Length >= 3)
            {
                Add(loose, "^" + core[..2], i);
            }

            if (core.Length >= NameCloseness.MinimumLength(core) - 1 && core.Length <= MaxKeyedLength)
            {
                Add(loose, "=" + core, i);
                for (var k = 0; k < core.Length; k++)
                {
                    Add(loose, "=" + string.Concat(core.AsSpan(0, k), core.AsSpan(k + 1)), i);
                }
            }
        }

        var seen = new HashSet<long>();
        foreach (var group in exact.Values.Concat(loose.Values.Where(g => g.Count <= MaxLooseGroup)))
        {
            for (var x = 0; x < group.Count; x++)
            {
                for (var y = x + 1; y < group.Count; y++)
                {
                    var (first, second) = group[x] < group[y] ? (group[x], group[y]) : (group[y], group[x]);
                    if (first != second && seen.Add(((long)first << 32) | (uint)second))
                    {
                        yield return (first, second);
                    }
                }
            }
        }
    }

    private static void Add(Dictionary<string, List<int>> groups, string key, int index)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }

        // A name with a repeated character gives one deletion key twice.
        if (list.Count == 0 || list[^1] != index)
        {
            list.Add(index);
        }
    }
}
