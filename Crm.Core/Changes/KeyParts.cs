namespace IntegrationHub.Crm.Core.Changes;

/// <summary>Builds composite business keys the same way everywhere.</summary>
public static class KeyParts
{
    /// <summary>The separator of composite keys; a character no ERP key contains.</summary>
    public const char Separator = '|';

    /// <summary>Joins the parts of a composite key.</summary>
    public static string Join(string first, string second) => string.Concat(first, Separator.ToString(), second);

    /// <summary>Joins the parts of a composite key.</summary>
    public static string Join(string first, int second) =>
        Join(first, second.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
