namespace IntegrationHub.Mappings.Schema;

/// <summary>The kinds of values a canonical field holds, which decide how source text is converted.</summary>
internal enum ValueKind
{
    String,
    Int,
    Decimal,
    DateTime,
    Bool,
    Enum,
}
