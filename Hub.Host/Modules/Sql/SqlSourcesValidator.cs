using IntegrationHub.Adapters.Sql;
using IntegrationHub.Hub.Host.Scheduling;

namespace IntegrationHub.Hub.Host.Modules.Sql;

/// <summary>Checks <c>Hub:Sql</c>: every source complete and sensible, and every provider it names loadable.</summary>
internal static class SqlSourcesValidator
{
    /// <summary>Every problem of <paramref name="sql"/>, bound at <paramref name="section"/>.</summary>
    public static IReadOnlyList<string> Validate(SqlOptions sql, string section)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sql.Sources.Count; i++)
        {
            var s = sql.Sources[i];
            var at = $"{section}:{nameof(sql.Sources)}:{i}";
            Required(errors, $"{at}:{nameof(s.Name)}", s.Name, "the source name its mapping file declares, for example erp-orders");
            Required(errors, $"{at}:{nameof(s.Provider)}", s.Provider, $"'{SqlProviders.SqlServer}', '{SqlProviders.Npgsql}', '{SqlProviders.Sqlite}' or a plugin's invariant name");
            Required(errors, $"{at}:{nameof(s.ConnectionString)}", s.ConnectionString, $"the connection string, best from the environment variable {section.Replace(":", "__", StringComparison.Ordinal)}__{nameof(sql.Sources)}__{i}__{nameof(s.ConnectionString)}");
            Required(errors, $"{at}:{nameof(s.KeyColumn)}", s.KeyColumn, "the column that identifies a row, for example id");
            Required(errors, $"{at}:{nameof(s.WatermarkColumn)}", s.WatermarkColumn, "the updated-at or version column the query orders by, for example updated_at");
            if (!s.Query.Contains("@watermark", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{at}:{nameof(s.Query)} has no @watermark parameter. Use for example: SELECT ... FROM orders WHERE updated_at >= @watermark ORDER BY updated_at, id");
            }

            if (s.Name.StartsWith(StoredScheduleLog.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{at}:{nameof(s.Name)} '{s.Name}' begins with '{StoredScheduleLog.Prefix}', which the store keeps for the schedules' records. Choose another name.");
            }

            if (s.Name.Length > 0 && !names.Add(s.Name))
            {
                errors.Add($"{at}:{nameof(s.Name)} '{s.Name}' is used by another source. Give every source its own name: it keys the stored watermark.");
            }

            if (s.BatchSize is < 1 or > 100_000)
            {
                errors.Add($"{at}:{nameof(s.BatchSize)} is {s.BatchSize}. Use 1 to 100000; 5000 is a good default.");
            }

            if (s.Overlap < 0)
            {
                errors.Add($"{at}:{nameof(s.Overlap)} is {s.Overlap}. Use 0 or more ({(s.WatermarkKind == WatermarkKind.Timestamp ? "seconds" : "versions")}); it must cover the source's longest writing transaction.");
            }

            PollTimingCheck.Check(errors, at, s.Interval, s.Schedule, s.ScheduleTimeZone, TimeProvider.System);
            if (s.CommandTimeout < TimeSpan.FromSeconds(1))
            {
                errors.Add($"{at}:{nameof(s.CommandTimeout)} is {s.CommandTimeout}. Use at least 00:00:01, for example 00:00:30.");
            }

            if (s.KeysQuery is { } keys && (string.IsNullOrWhiteSpace(keys) || s.KeysInterval <= TimeSpan.Zero || s.MaxDeletedShare is <= 0 or > 1))
            {
                errors.Add($"{at}: KeysQuery is '{keys}', KeysInterval {s.KeysInterval}, MaxDeletedShare {s.MaxDeletedShare}. Give a query returning the key column of every existing row (SELECT {(s.KeyColumn.Length > 0 ? s.KeyColumn : "id")} FROM ...), an interval above 0 (01:00:00) and a share above 0 and at most 1 (0.1).");
            }

            if (s.Start is { } start)
            {
                try
                {
                    Watermark.Parse(start, s.WatermarkKind, $"{at}:{nameof(s.Start)}");
                }
                catch (FormatException ex)
                {
                    errors.Add(ex.Message);
                }
            }
        }

        return errors;
    }

    /// <summary>Registers the providers and resolves every source's; one error per provider that cannot be found.</summary>
    public static IReadOnlyList<string> CheckProviders(SqlOptions sql, string pluginsFolder, string section)
    {
        var errors = SqlProviders.Register(sql, pluginsFolder).ToList();
        for (var i = 0; i < sql.Sources.Count; i++)
        {
            try
            {
                SqlProviders.Resolve(sql.Sources[i].Provider, pluginsFolder);
            }
            catch (SqlProviderNotFoundException ex)
            {
                errors.Add($"{section}:{nameof(sql.Sources)}:{i}:{nameof(SqlSourceOptions.Provider)}: {ex.Message}");
            }
        }

        return errors;
    }

    private static void Required(List<string> errors, string name, string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{name} is empty. Set it to {what}.");
        }
    }
}
