using System.Globalization;

namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// An OPC UA StatusCode (Part 4 7.39, Part 6 5.2.2.11): the top two bits give the severity (Good, Uncertain,
/// Bad), bits 16-27 the sub-code, the low 16 bits info flags. <see cref="Name"/> gives the symbolic name.
/// </summary>
/// <param name="Code">The 32-bit value.</param>
public readonly record struct StatusCode(uint Code)
{
    /// <summary>True when the severity is Good.</summary>
    public bool IsGood => (Code & 0xC0000000) == 0;

    /// <summary>True when the severity is Uncertain.</summary>
    public bool IsUncertain => (Code & 0xC0000000) == 0x40000000;

    /// <summary>True when the severity is Bad.</summary>
    public bool IsBad => (Code & 0x80000000) != 0;

    /// <summary>The symbolic name from the specification's StatusCode table (info bits ignored), or the hex value.</summary>
    public string Name => StatusCodes.NameOf(Code & 0xFFFF0000)
        ?? "0x" + Code.ToString("X8", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => (Code & 0xFFFF) == 0
        ? Name
        : Name + " (0x" + Code.ToString("X8", CultureInfo.InvariantCulture) + ")";
}
