using System.Text;

namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>
/// A topic of the Sparkplug B namespace, <c>spBv1.0/&lt;group&gt;/&lt;type&gt;/&lt;edge node&gt;[/&lt;device&gt;]</c>
/// (Sparkplug 3.0 section 4.1), or a host application's <c>spBv1.0/STATE/&lt;host id&gt;</c>.
/// </summary>
public sealed record SparkplugTopic(SparkplugMessageType Type, string Group, string EdgeNode, string? Device)
{
    /// <summary>The first level of every Sparkplug B topic.</summary>
    public const string Namespace = "spBv1.0";

    /// <summary>Whether the message is about a device rather than the edge node itself.</summary>
    public bool IsDevice => Device is not null;

    /// <summary>The topic on which the edge node takes commands, a rebirth request among them.</summary>
    public string CommandTopic => $"{Namespace}/{Group}/NCMD/{EdgeNode}";

    /// <summary>Parses <paramref name="topic"/>; returns null and says why when it is not a Sparkplug B topic the hub can use.</summary>
    public static SparkplugTopic? TryParse(string topic, out string? error)
    {
        error = null;
        var levels = topic.Split('/');
        if (levels[0] != Namespace)
        {
            error = $"'{Escape(topic)}' is not in the Sparkplug B namespace ({Namespace}/...)";
            return null;
        }

        if (levels.Length == 3 && levels[1] == nameof(SparkplugMessageType.STATE))
        {
            return new SparkplugTopic(SparkplugMessageType.STATE, string.Empty, levels[2], null);
        }

        // Names only: Enum.TryParse would also take "3" or "NBIRTH,NDATA".
        var type = levels.Length is >= 4 and <= 5 && Enum.GetNames<SparkplugMessageType>().Contains(levels[2], StringComparer.Ordinal)
            ? Enum.Parse<SparkplugMessageType>(levels[2])
            : SparkplugMessageType.STATE;
        if (type == SparkplugMessageType.STATE)
        {
            error = $"'{Escape(topic)}' is not spBv1.0/<group>/<NBIRTH|NDEATH|DBIRTH|DDEATH|NDATA|DDATA|NCMD|DCMD>/<edge node>[/<device>]";
            return null;
        }

        var device = levels.Length == 5 ? levels[4] : null;
        var forDevice = type is SparkplugMessageType.DBIRTH or SparkplugMessageType.DDEATH or SparkplugMessageType.DDATA or SparkplugMessageType.DCMD;
        if (forDevice != (device is not null))
        {
            error = forDevice
                ? $"'{Escape(topic)}': a {type} topic ends with the device id"
                : $"'{Escape(topic)}': a {type} topic ends with the edge node id, not a device id";
            return null;
        }

        foreach (var (name, id) in new[] { ("group id", levels[1]), ("edge node id", levels[3]), ("device id", device) })
        {
            // Sparkplug 3.0 section 1.4.1.8: ids are UTF-8 without '+', '#' or '/'; the hub also refuses control
            // characters, which would otherwise reach log lines, dead letters and the NCMD topic it publishes.
            if (id is not null && (id.Length == 0 || id.Any(char.IsControl)))
            {
                error = $"'{Escape(topic)}': the {name} is empty or holds control characters";
                return null;
            }
        }

        return new SparkplugTopic(type, levels[1], levels[3], device);
    }

    /// <summary>The text with control characters written as <c>\uXXXX</c>, safe for a log line or a dead letter's reason.</summary>
    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }
}
