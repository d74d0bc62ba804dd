namespace IntegrationHub.Mappings.Conversion;

/// <summary>Converts a field's source text (trimmed, never empty) to a canonical value, with no exceptions.</summary>
/// <typeparam name="T">The canonical field's type, without <see cref="Nullable{T}"/>.</typeparam>
internal abstract class ValueConverter<T>
{
    /// <summary>What the converter accepts, for error messages: <c>a date in format yyyyMMdd</c>.</summary>
    public abstract string Expected { get; }

    public abstract bool TryConvert(string text, out T value);

    /// <summary>Why <paramref name="text"/> was refused: what was found and what was expected.</summary>
    public virtual string DescribeFailure(string text) => $"'{text}' is not {Expected}";
}
