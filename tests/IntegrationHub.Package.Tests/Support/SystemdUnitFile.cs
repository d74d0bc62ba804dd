using System.Globalization;
using System.Text;

namespace IntegrationHub.Package.Tests.Support;

/// <summary>
/// The parts of a systemd unit file that say how the service runs: the [Service] section's ExecStart, Environment,
/// User, WorkingDirectory, UMask and WatchdogSec (systemd.service(5), systemd.exec(5)), read from the file itself so
/// that the tests start the hub as the installed unit says.
/// </summary>
internal sealed class SystemdUnitFile
{
    private readonly Dictionary<string, List<string>> _service = new(StringComparer.Ordinal);

    private SystemdUnitFile()
    {
    }

    /// <summary>Reads <paramref name="path"/>; later assignments of a single-valued key win, as in systemd.</summary>
    public static SystemdUnitFile Read(string path)
    {
        var unit = new SystemdUnitFile();
        string? section = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line.Trim('[', ']');
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (section == "Service" && equals > 0)
            {
                var key = line[..equals].Trim();
                if (!unit._service.TryGetValue(key, out var values))
                {
                    unit._service[key] = values = [];
                }

                values.Add(line[(equals + 1)..].Trim());
            }
        }

        return unit;
    }

    /// <summary>The last value of <paramref name="key"/> in [Service], or null.</summary>
    public string? this[string key] => _service.TryGetValue(key, out var values) ? values[^1] : null;

    /// <summary>ExecStart split into words (double quotes group words); a leading '-', '@', '+' or '!' prefix is not supported.</summary>
    public IReadOnlyList<string> ExecStart
    {
        get
        {
            var words = Split(this["ExecStart"] ?? throw new InvalidOperationException("The unit has no ExecStart."));
            if (words.Count == 0 || words[0][0] is '-' or '@' or '+' or '!' or ':')
            {
                throw new InvalidOperationException($"ExecStart '{this["ExecStart"]}' has a form these tests do not run.");
            }

            return words;
        }
    }

    /// <summary>Every Environment= assignment, in order (a later one overrides an earlier one of the same name).</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in _service.GetValueOrDefault("Environment") ?? [])
            {
                foreach (var assignment in Split(value))
                {
                    int equals = assignment.IndexOf('=', StringComparison.Ordinal);
                    variables[assignment[..equals]] = assignment[(equals + 1)..];
                }
            }

            return variables;
        }
    }

    /// <summary>WatchdogSec as a time span: a number of seconds, or a number with s, min or ms (systemd.time(7), the forms used here).</summary>
    public TimeSpan? WatchdogSec => this["WatchdogSec"] is { } text ? ParseTimeSpan(text) : null;

    public static TimeSpan ParseTimeSpan(string text)
    {
        foreach (var (suffix, unit) in (ReadOnlySpan<(string, TimeSpan)>)[("min", TimeSpan.FromMinutes(1)), ("ms", TimeSpan.FromMilliseconds(1)), ("s", TimeSpan.FromSeconds(1))])
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return unit * double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture);
            }
        }

        return TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
    }

    private static List<string> Split(string value)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false;
        bool any = false;
        foreach (char c in value)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
