using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Maintenance;
using IntegrationHub.Hub.Host.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Hub.Host.Maintenance;

/// <summary>
/// Reads the preventive maintenance plans (issue 24 item 4): every <c>*.yaml</c>/<c>*.yml</c> file of the plan folder,
/// a <c>plans:</c> list of <c>id, model, every, counter, title, severity</c>. A plan with a problem is left out and the
/// problem reported (file, line, column, field, what was expected); the other plans stand. A plan id declared twice is
/// left out everywhere: which one was meant is for IT to say.
/// </summary>
/// <remarks>
/// Files are read as every settings file is (<see cref="SettingsFile"/>): only regular files, through a symbolic link
/// only when it stays inside the folder, never blocking on a FIFO, at most <see cref="MaxFileBytes"/>.
/// </remarks>
internal static partial class MaintenancePlanReader
{
    /// <summary>The largest plan file read: plans are a few lines each.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    private static readonly string[] Keys = ["id", "model", "every", "counter", "title", "severity"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static MaintenancePlanSet LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return MaintenancePlanSet.Empty;
        }

        var errors = new List<string>();
        var plans = new List<(MaintenancePlan Plan, string Where)>();
        foreach (var path in Directory.EnumerateFiles(folder)
            .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (ReadText(folder, file, errors) is { } text)
            {
                Read(LogText.Escape(file), text, plans, errors);
            }
        }

        var duplicates = plans.GroupBy(p => p.Plan.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        foreach (var duplicate in duplicates)
        {
            errors.Add($"plan id '{duplicate.Key}' is declared {duplicate.Count()} times ({string.Join(", ", duplicate.Select(p => p.Where))}); none of them runs until each plan has its own id: the id keys the intervals already ticketed.");
        }

        var left = duplicates.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        return new MaintenancePlanSet([.. plans.Where(p => !left.Contains(p.Plan.Id)).Select(p => p.Plan)], errors);
    }

    /// <summary>Reads the plans of one file's text into <paramref name="plans"/>, its problems into <paramref name="errors"/>.</summary>
    public static void Read(string file, string text, List<(MaintenancePlan Plan, string Where)> plans, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add($"{file}:{e.Start.Line}:{e.Start.Column}: YAML syntax error: {LogText.Escape(e.Message)}");
            return;
        }

        if (stream.Documents.Count == 0)
        {
            return;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("plans"), out var list) || list is not YamlSequenceNode sequence)
        {
            errors.Add($"{file}:1:1: a maintenance plan file is a mapping with a 'plans:' list, for example 'plans:\\n  - id: spindle-500h\\n    model: VMC-850\\n    every: 500 running hours\\n    counter: running_hours'.");
            return;
        }

        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value != "plans"))
        {
            errors.Add($"{file}:{key.Start.Line}:{key.Start.Column}: '{LogText.Escape(key.Value)}' is not a setting of a plan file; it holds only 'plans:'.");
        }

        foreach (var item in sequence.Children)
        {
            var before = errors.Count;
            var plan = ReadPlan(new PlanFields(file, item, errors));
            if (plan is not null && errors.Count == before)
            {
                plans.Add((plan, $"{file}:{item.Start.Line}"));
            }
        }
    }

    private static MaintenancePlan? ReadPlan(PlanFields fields)
    {
        if (fields.Mapping is null)
        {
            return null;
        }

        fields.RefuseUnknown(Keys);
        var id = fields.Name("id", IdPattern(), "letters, digits, '.', '_' or '-', up to 64, starting with a letter or digit, e.g. spindle-500h");
        var model = fields.Text("model", required: true, maxLength: 100);
        var everyText = fields.Text("every", required: true, maxLength: 100);
        MaintenanceInterval? every = null;
        if (everyText is not null && !MaintenanceInterval.TryParse(everyText, out every, out var problem))
        {
            fields.Error("every", problem);
        }

        var counter = fields.Text("counter", required: false, maxLength: 100);
        if (every?.Basis == MaintenanceBasis.RunningHours && counter is null)
        {
            fields.Error("every", "a running-hours plan needs 'counter:', the metric in which the machine publishes its running hours, e.g. 'counter: running_hours'.");
        }
        else if (every?.Basis == MaintenanceBasis.Calendar && counter is not null)
        {
            fields.Error("counter", $"a calendar plan ({every}) counts days from the installation date and reads no counter; remove 'counter:' or make it 'every <n> running hours'.");
        }

        var title = fields.Text("title", required: false, maxLength: 200);
        var severity = fields.Severity();
        return id is null || model is null || every is null
            ? null
            : new MaintenancePlan { Id = id, Model = model, Every = every, Counter = counter, Title = title ?? $"Preventive maintenance ({every})", Severity = severity };
    }

    private static string? ReadText(string folder, string file, List<string> errors)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(SettingsFile.ReadBytes(Path.Combine(folder, file), MaxFileBytes)), StrictUtf8);
            return reader.ReadToEnd();
        }
        catch (SettingsFileRefusedException e)
        {
            errors.Add($"{LogText.Escape(file)}: not read: {e.Message}.");
        }
        catch (DecoderFallbackException)
        {
            errors.Add($"{LogText.Escape(file)}: not read: it is not UTF-8 text; save it as UTF-8.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{LogText.Escape(file)}: not read: {LogText.Escape(e.Message)}");
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>One plan's mapping, read field by field, each problem reported with the field's line and column.</summary>
    private sealed class PlanFields
    {
        private readonly string _file;
        private readonly List<string> _errors;

        public PlanFields(string file, YamlNode node, List<string> errors)
        {
            _file = file;
            _errors = errors;
            Mapping = node as YamlMappingNode;
            if (Mapping is null)
            {
                errors.Add($"{file}:{node.Start.Line}:{node.Start.Column}: a plan is a mapping of id, model, every... (one '- id: ...' entry per plan).");
            }
        }

        public YamlMappingNode? Mapping { get; }

        public void Error(string field, string message)
        {
            var mark = Node(field)?.Start ?? Mapping!.Start;
            _errors.Add($"{_file}:{mark.Line}:{mark.Column}: {field}: {message}");
        }

        public void RefuseUnknown(string[] known)
        {
            foreach (var key in Mapping!.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } name } || !known.Contains(name, StringComparer.Ordinal))
                {
                    _errors.Add($"{_file}:{key.Start.Line}:{key.Start.Column}: '{LogText.Escape((key as YamlScalarNode)?.Value ?? key.ToString())}' is not a field of a plan; use {string.Join(", ", known)}.");
                }
            }
        }

        public string? Text(string field, bool required, int maxLength)
        {
            var node = Node(field);
            if (node is null)
            {
                if (required)
                {
                    Error(field, $"'{field}' is missing.");
                }

                return null;
            }

            if (node is not YamlScalarNode { Value: { } value } || value.Trim().Length == 0)
            {
                Error(field, $"'{field}' must be a single value, not a list or a mapping, and not empty.");
                return null;
            }

            if (LogText.Escape(value) != value)
            {
                Error(field, $"'{LogText.Escape(value)}' holds control characters (or a backslash); write it on one line, in plain text.");
                return null;
            }

            if (value.Length > maxLength)
            {
                Error(field, $"'{field}' is {value.Length} characters; at most {maxLength}.");
                return null;
            }

            return value.Trim();
        }

        public string? Name(string field, Regex pattern, string expected)
        {
            var value = Text(field, required: true, maxLength: 200);
            if (value is not null && !pattern.IsMatch(value))
            {
                Error(field, $"'{value}' is not a plan id; use {expected}.");
                return null;
            }

            return value;
        }

        public AlarmSeverity Severity()
        {
            var text = Text("severity", required: false, maxLength: 20);
            if (text is null)
            {
                return AlarmSeverity.Info;
            }

            if (!Enum.TryParse<AlarmSeverity>(text, ignoreCase: true, out var value) || !Enum.IsDefined(value) || char.IsDigit(text[0]))
            {
                Error("severity", $"'{text}' is not a severity; use one of {string.Join(", ", Enum.GetNames<AlarmSeverity>().Select(s => s.ToLowerInvariant()))}.");
                return AlarmSeverity.Info;
            }

            return value;
        }

        private YamlNode? Node(string field) =>
            Mapping!.Children.TryGetValue(new YamlScalarNode(field), out var node) ? node : null;
    }
}
