using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Alarms.Rules;
using IntegrationHub.Hub.Host.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>
/// Reads alarm rule files (YAML, beside the mappings) through YamlDotNet's representation model, which keeps each
/// node's line and column, so every error names the file, the line and the fix. All errors are reported, not the
/// first only.
/// </summary>
internal static class RuleFileReader
{
    private static readonly string[] Kinds = ["threshold", "rate", "coded", "nodata"];

    private static readonly string[] CommonKeys = ["id", "kind", "asset", "metric", "code", "severity", "text", "skill", "flap"];

    private static readonly Dictionary<string, string[]> KindKeys = new(StringComparer.Ordinal)
    {
        ["threshold"] = ["direction", "limit", "deadband", "raiseAfter", "clearAfter"],
        ["rate"] = ["direction", "maxChange", "window"],
        ["coded"] = ["normal", "codes"],
        ["nodata"] = ["silence"],
    };

    /// <summary>Reads every <c>*.yaml</c>/<c>*.yml</c> file of <paramref name="folder"/>.</summary>
    public static RuleSet LoadDirectory(string folder)
    {
        var errors = new List<string>();
        var rules = new List<ConfiguredRule>();
        if (!Directory.Exists(folder))
        {
            return new RuleSet(rules, errors);
        }

        foreach (var path in Directory.EnumerateFiles(folder).Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            if (ReadText(path, errors) is { } text)
            {
                Read(path, text, rules, errors);
            }
        }

        foreach (var duplicate in rules.GroupBy(r => r.Rule.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"rule id '{duplicate.Key}' is declared {duplicate.Count()} times ({string.Join(", ", duplicate.Select(r => r.Where))}); give each rule its own id: its alarm state is kept under it.");
        }

        return new RuleSet(rules, errors);
    }

    /// <summary>
    /// The text of one rule file (UTF-8, or as its byte order mark says), or null with the reason in
    /// <paramref name="errors"/>: a FIFO, device, socket, link out of the folder or huge file is not read (<see cref="SettingsFile"/>).
    /// </summary>
    private static string? ReadText(string path, List<string> errors)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(SettingsFile.ReadBytes(path)), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{LogText.Escape(Path.GetFileName(path))}: not read: {(e is SettingsFileRefusedException ? e.Message : LogText.Escape(e.Message))}");
            return null;
        }
    }

    public static void Read(string path, string text, List<ConfiguredRule> rules, List<string> errors)
    {
        var file = Path.GetFileName(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add($"{file}:{e.Start.Line}:{e.Start.Column}: YAML syntax error: {e.Message}");
            return;
        }

        if (stream.Documents.Count == 0)
        {
            return;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("rules"), out var list) || list is not YamlSequenceNode sequence)
        {
            errors.Add($"{file}:1:1: a rule file is a mapping with a 'rules:' list, for example 'rules:\\n  - id: overheat\\n    kind: threshold ...'.");
            return;
        }

        foreach (var item in sequence.Children)
        {
            var reader = new Node(file, item, errors);
            if (reader.Mapping is null)
            {
                continue;
            }

            var before = errors.Count;
            var rule = ReadRule(reader);
            if (rule is not null && errors.Count == before)
            {
                foreach (var problem in rule.Rule.Validate())
                {
                    reader.Error(item.Start, problem);
                }
            }

            if (rule is not null && errors.Count == before)
            {
                rules.Add(rule);
            }
        }
    }

    private static ConfiguredRule? ReadRule(Node n)
    {
        var kind = n.Text("kind", required: true);
        if (kind is not null && !Kinds.Contains(kind))
        {
            n.Error(n.Mark("kind"), $"kind '{kind}' is unknown; use one of {string.Join(", ", Kinds)}.");
            return null;
        }

        if (kind is null)
        {
            return null;
        }

        n.CheckKeys([.. CommonKeys, .. KindKeys[kind]]);
        var id = n.Text("id", required: true) ?? string.Empty;
        var asset = n.Text("asset") ?? AlarmRule.Any;
        var metric = n.Text("metric", required: kind != "nodata") ?? AlarmRule.Any;
        var code = n.Text("code", required: true) ?? string.Empty;
        var severity = n.Enum("severity", AlarmSeverity.Warning);
        var (textEn, textZh) = n.Texts("text");
        var flapThreshold = 5;
        var flapWindow = TimeSpan.FromHours(1);
        if (n.Child("flap") is { } flap)
        {
            flapThreshold = (int)(flap.Number("threshold") ?? 5);
            flapWindow = flap.Duration("window") ?? flapWindow;
        }

        AlarmRule? rule = kind switch
        {
            "threshold" => new ThresholdRule
            {
                Id = id, AssetId = asset, Metric = metric, Code = code, Severity = severity, TextEn = textEn, TextZhCn = textZh,
                FlapThreshold = flapThreshold, FlapWindow = flapWindow,
                Direction = n.Enum("direction", ThresholdDirection.High),
                Limit = n.Number("limit", required: true) ?? 0,
                Deadband = n.Number("deadband") ?? 0,
                RaiseDelay = n.Duration("raiseAfter") ?? TimeSpan.Zero,
                ClearDelay = n.Duration("clearAfter") ?? TimeSpan.Zero,
            },
            "rate" => new RateOfChangeRule
            {
                Id = id, AssetId = asset, Metric = metric, Code = code, Severity = severity, TextEn = textEn, TextZhCn = textZh,
                FlapThreshold = flapThreshold, FlapWindow = flapWindow,
                Direction = n.Enum("direction", RateDirection.Either),
                MaxChange = n.Number("maxChange", required: true) ?? 0,
                Window = n.Duration("window", required: true) ?? TimeSpan.Zero,
            },
            "coded" => new CodedAlarmRule
            {
                Id = id, AssetId = asset, Metric = metric, Code = code, Severity = severity, TextEn = textEn, TextZhCn = textZh,
                FlapThreshold = flapThreshold, FlapWindow = flapWindow,
                NormalValue = (long)(n.Number("normal") ?? 0),
                Codes = ReadCodes(n),
            },
            _ => new NoDataRule
            {
                Id = id, AssetId = asset, Metric = metric, Code = code, Severity = severity, TextEn = textEn, TextZhCn = textZh,
                FlapThreshold = flapThreshold, FlapWindow = flapWindow,
                Silence = n.Duration("silence", required: true) ?? TimeSpan.Zero,
            },
        };
        return new ConfiguredRule(rule, n.Text("skill"), $"{n.File}:{n.Mapping!.Start.Line}");
    }

    private static Dictionary<long, AlarmCodeEntry> ReadCodes(Node n)
    {
        var codes = new Dictionary<long, AlarmCodeEntry>();
        if (n.Child("codes") is not { Mapping: { } table } node)
        {
            return codes;
        }

        foreach (var (key, value) in table.Children)
        {
            if (key is not YamlScalarNode { Value: { } text } || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                n.Error(key.Start, $"alarm code table key '{key}' is not a whole number; key each entry by the tag's value, e.g. '3:'.");
                continue;
            }

            var entry = new Node(n.File, value, n.Errors);
            if (entry.Mapping is null)
            {
                continue;
            }

            entry.CheckKeys(["code", "severity", "text"]);
            var (en, zh) = entry.Texts("text");
            if (en is null || zh is null)
            {
                entry.Error(value.Start, $"code {number} needs text in both languages: 'text: {{ en: ..., zh-CN: ... }}'.");
                continue;
            }

            codes[number] = new AlarmCodeEntry { Code = entry.Text("code"), Severity = entry.Enum("severity", AlarmSeverity.Warning), TextEn = en, TextZhCn = zh };
        }

        _ = node;
        return codes;
    }

    /// <summary>One YAML mapping being read, with the error list it reports to.</summary>
    private sealed class Node
    {
        public Node(string file, YamlNode node, List<string> errors)
        {
            File = file;
            Errors = errors;
            Mapping = node as YamlMappingNode;
            if (Mapping is null)
            {
                Error(node.Start, "expected a mapping of keys (key: value).");
            }
        }

        public string File { get; }

        public List<string> Errors { get; }

        public YamlMappingNode? Mapping { get; }

        public void Error(Mark mark, string message) => Errors.Add($"{File}:{mark.Line}:{mark.Column}: {message}");

        public Mark Mark(string key) => Get(key)?.Start ?? Mapping!.Start;

        public void CheckKeys(string[] allowed)
        {
            foreach (var key in Mapping!.Children.Keys.OfType<YamlScalarNode>())
            {
                if (!allowed.Contains(key.Value, StringComparer.Ordinal))
                {
                    Error(key.Start, $"'{key.Value}' is not a setting here; expected one of {string.Join(", ", allowed)}.");
                }
            }
        }

        public Node? Child(string key) => Get(key) is { } node ? new Node(File, node, Errors) : null;

        public string? Text(string key, bool required = false)
        {
            var node = Get(key);
            if (node is null)
            {
                if (required)
                {
                    Error(Mapping!.Start, $"'{key}' is missing.");
                }

                return null;
            }

            if (node is not YamlScalarNode { Value: { Length: > 0 } value })
            {
                Error(node.Start, $"'{key}' must be a single value.");
                return null;
            }

            return value;
        }

        public double? Number(string key, bool required = false)
        {
            var text = Text(key, required);
            if (text is null)
            {
                return null;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                Error(Mark(key), $"'{key}' is '{text}', not a number; write it with a dot for decimals, e.g. 90.5.");
                return null;
            }

            return value;
        }

        public TimeSpan? Duration(string key, bool required = false)
        {
            var text = Text(key, required);
            if (text is null)
            {
                return null;
            }

            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value < TimeSpan.Zero)
            {
                Error(Mark(key), $"'{key}' is '{text}', not a duration; write hh:mm:ss, e.g. 00:10:00 for ten minutes.");
                return null;
            }

            return value;
        }

        public T Enum<T>(string key, T fallback)
            where T : struct, Enum
        {
            var text = Text(key);
            if (text is null)
            {
                return fallback;
            }

            if (!System.Enum.TryParse<T>(text, ignoreCase: true, out var value) || !System.Enum.IsDefined(value))
            {
                Error(Mark(key), $"'{key}' is '{text}'; use one of {string.Join(", ", System.Enum.GetNames<T>().Select(s => s.ToLowerInvariant()))}.");
                return fallback;
            }

            return value;
        }

        public (string? En, string? ZhCn) Texts(string key)
        {
            if (Child(key) is not { Mapping: { } } texts)
            {
                return (null, null);
            }

            texts.CheckKeys(["en", "zh-CN"]);
            return (texts.Text("en"), texts.Text("zh-CN"));
        }

        private YamlNode? Get(string key) =>
            Mapping!.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
    }
}
