namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// The column names of one query result, shared by all its rows, so that a row keeps only its values (one array)
/// instead of a dictionary of its own (issue 17, "Benchmarks": the poller's CPU per row).
/// </summary>
internal sealed class SqlColumnNames
{
    private readonly Dictionary<string, int> _ordinals;

    public SqlColumnNames(string[] names)
    {
        Names = names;
        _ordinals = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            // A query may return two columns of one name (SELECT a.id, b.id); the last one wins, as it did when each
            // row was a dictionary filled column by column.
            _ordinals[names[i]] = i;
        }
    }

    /// <summary>The names in column order; a name returned twice appears twice.</summary>
    public string[] Names { get; }

    /// <summary>The distinct names, in the order of their first column.</summary>
    public IEnumerable<string> Distinct => _ordinals.Count == Names.Length ? Names : _ordinals.Keys;

    public int Count => _ordinals.Count;

    public bool TryGetOrdinal(string name, out int ordinal) => _ordinals.TryGetValue(name, out ordinal);
}
