using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Adapters.Files;

/// <summary>A file-name pattern with <c>*</c> (any run of characters) and <c>?</c> (one character), case-insensitive.</summary>
internal sealed class FileNamePattern
{
    private readonly Regex _regex;

    public FileNamePattern(string pattern)
    {
        Pattern = pattern;
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        // Singleline: * and ? match any character of a name, a line break too.
        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Pattern { get; }

    public bool IsMatch(string fileName) => _regex.IsMatch(fileName);
}
