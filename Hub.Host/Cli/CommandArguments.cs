namespace IntegrationHub.Hub.Host.Cli;

/// <summary>
/// A command line split into the command's words, its own options (<c>--customer C001</c>), and the rest, which
/// goes to configuration (<c>--Hub:DataFolder=/srv/hub</c>, <c>--urls http://127.0.0.1:6000</c>).
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);

    private CommandArguments(List<string> words, Dictionary<string, string?> options, List<string> configuration)
    {
        Words = words;
        _options = options;
        Configuration = [.. configuration];
    }

    public IReadOnlyList<string> Words { get; }

    public string[] Configuration { get; }

    /// <summary>Splits <paramref name="args"/>; <paramref name="commandOptions"/> are the option names the commands take.</summary>
    public static CommandArguments Parse(string[] args, IReadOnlySet<string> commandOptions, IReadOnlySet<string> commandFlags)
    {
        var words = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? inline = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inline = name[(equals + 1)..];
                name = name[..equals];
            }

            if (commandFlags.Contains(name))
            {
                options[name] = inline ?? "true";
            }
            else if (commandOptions.Contains(name))
            {
                options[name] = inline ?? (i + 1 < args.Length ? args[++i] : null);
            }
            else
            {
                configuration.Add(arg);
                if (inline is null && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    configuration.Add(args[++i]);
                }
            }
        }

        return new CommandArguments(words, options, configuration);
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _options.ContainsKey(name);
}
