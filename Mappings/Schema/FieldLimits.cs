namespace IntegrationHub.Mappings.Schema;

/// <summary>
/// The default rule of each canonical text field, by its name (issue 16 item 25: a 5 MB customer name was stored).
/// A mapping can set another limit with <c>maxLength</c>. The defaults:
/// <list type="table">
/// <item><term>e-mail (<c>Email</c>, <c>SalesOwnerEmail</c>)</term><description>254 (RFC 5321), and one plain address</description></item>
/// <item><term>notes, descriptions (<c>Notes</c>, <c>Description</c>)</term><description>4000, line breaks allowed</description></item>
/// <item><term>postal address (<c>Address</c>)</term><description>500, line breaks allowed</description></item>
/// <item><term>phone (<c>Phone</c>)</term><description>50</description></item>
/// <item><term>names and every other text (<c>Name</c>, codes, numbers, ids)</term><description>200</description></item>
/// </list>
/// Single-line fields accept no control character at all; multi-line ones accept CR, LF and TAB only.
/// </summary>
internal static class FieldLimits
{
    public const int Email = 254;
    public const int LongText = 4000;
    public const int PostalAddress = 500;
    public const int Phone = 50;
    public const int Text = 200;

    /// <summary>The largest <c>maxLength</c> a mapping may set.</summary>
    public const int MaxConfigurable = 1_000_000;

    /// <summary>The default rule of <paramref name="member"/>, a text field.</summary>
    public static TextRule For(TargetMember member) => member.Name switch
    {
        "Email" or "SalesOwnerEmail" => new TextRule(Email, MultiLine: false, IsEmail: true),
        "Notes" or "Description" => new TextRule(LongText, MultiLine: true, IsEmail: false),
        "Address" => new TextRule(PostalAddress, MultiLine: true, IsEmail: false),
        "Phone" => new TextRule(Phone, MultiLine: false, IsEmail: false),
        _ => new TextRule(Text, MultiLine: false, IsEmail: false),
    };
}
