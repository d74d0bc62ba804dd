namespace IntegrationHub.Mappings.Schema;

/// <summary>What a text field accepts: its length limit, whether line breaks are text, whether it is an e-mail address.</summary>
/// <param name="MaxLength">The most characters (UTF-16 code units, as .NET counts them) a value may have.</param>
/// <param name="MultiLine">True when CR, LF and TAB are part of the text (notes, descriptions, postal addresses).</param>
/// <param name="IsEmail">True when the value must be one e-mail address (Crm.Core <c>EmailRules</c>).</param>
internal sealed record TextRule(int MaxLength, bool MultiLine, bool IsEmail);
