namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// A value of any built-in type, a one-dimensional array of one, or a matrix (Part 6 5.2.2.16).
/// Scalars are held as the matching .NET type (<see cref="int"/>, <see cref="string"/>, <see cref="NodeId"/>, ...);
/// ByteString as <see cref="byte"/>[]; arrays as a .NET array of that type (Variant[] for arrays of Variant);
/// a matrix as its flat array in row-major order plus <see cref="ArrayDimensions"/>.
/// </summary>
public readonly struct Variant
{
    /// <summary>The null Variant.</summary>
    public static readonly Variant Null;

    private readonly int[]? _dimensions;

    /// <summary>Creates a Variant after checking that <paramref name="value"/> matches <paramref name="type"/>.</summary>
    /// <param name="type">The built-in type of the value or of its elements.</param>
    /// <param name="value">The scalar, or the array of elements.</param>
    /// <param name="arrayDimensions">For a matrix: the length of each dimension; their product must equal the array length.</param>
    /// <exception cref="ArgumentException">The value does not match the type, or the dimensions do not match the array.</exception>
    public Variant(BuiltInType type, object? value, int[]? arrayDimensions = null)
    {
        if (type == BuiltInType.Null)
        {
            if (value is not null)
            {
                throw new ArgumentException("A Null Variant has no value.", nameof(value));
            }
        }
        else if (value is Array && (type != BuiltInType.ByteString || value is byte[][]))
        {
            var arr = (Array)value;
            if (arr.Rank != 1 || arr.GetType().GetElementType() != ElementTypeOf(type))
            {
                throw new ArgumentException($"An array Variant of {type} needs a one-dimensional {ElementTypeOf(type).Name}[], not {arr.GetType().Name}.", nameof(value));
            }

            if (arrayDimensions is not null)
            {
                long product = 1;
                foreach (var d in arrayDimensions)
                {
                    if (d < 0)
                    {
                        throw new ArgumentException("Array dimensions must not be negative.", nameof(arrayDimensions));
                    }

                    product *= d;
                }

                if (arrayDimensions.Length < 2 || product != arr.Length)
                {
                    throw new ArgumentException($"A matrix needs at least two dimensions whose product ({product}) equals the array length ({arr.Length}).", nameof(arrayDimensions));
                }

                _dimensions = arrayDimensions.ToArray();
            }

            IsArray = true;
        }
        else
        {
            if (type == BuiltInType.Variant)
            {
                throw new ArgumentException("A Variant cannot contain a scalar Variant (Part 6 5.2.2.16); use an array.", nameof(value));
            }

            if (arrayDimensions is not null)
            {
                throw new ArgumentException("Array dimensions need an array value.", nameof(arrayDimensions));
            }

            if (value is null ? !IsNullable(type) : value.GetType() != ElementTypeOf(type))
            {
                throw new ArgumentException($"A Variant of {type} needs a {ElementTypeOf(type).Name}, not {value?.GetType().Name ?? "null"}.", nameof(value));
            }
        }

        Type = type;
        Value = value;
    }

    /// <summary>The built-in type of the value, or of the array's elements.</summary>
    public BuiltInType Type { get; }

    /// <summary>The value: a scalar, or the (flat) array.</summary>
    public object? Value { get; }

    /// <summary>True when the value is an array (or matrix).</summary>
    public bool IsArray { get; }

    /// <summary>For a matrix, the length of each dimension; otherwise null.</summary>
    public IReadOnlyList<int>? ArrayDimensions => _dimensions;

    internal int[]? RawDimensions => _dimensions;

    /// <summary>True for the null Variant.</summary>
    public bool IsNull => Type == BuiltInType.Null;

    /// <summary>A Boolean Variant.</summary>
    public static implicit operator Variant(bool value) => new(BuiltInType.Boolean, value);

    /// <summary>An Int32 Variant.</summary>
    public static implicit operator Variant(int value) => new(BuiltInType.Int32, value);

    /// <summary>A UInt32 Variant.</summary>
    public static implicit operator Variant(uint value) => new(BuiltInType.UInt32, value);

    /// <summary>An Int64 Variant.</summary>
    public static implicit operator Variant(long value) => new(BuiltInType.Int64, value);

    /// <summary>A Double Variant.</summary>
    public static implicit operator Variant(double value) => new(BuiltInType.Double, value);

    /// <summary>A String Variant.</summary>
    public static implicit operator Variant(string? value) => new(BuiltInType.String, value);

    /// <summary>Creates a Boolean Variant.</summary>
    public static Variant FromBoolean(bool value) => value;

    /// <summary>Creates an Int32 Variant.</summary>
    public static Variant FromInt32(int value) => value;

    /// <summary>Creates a UInt32 Variant.</summary>
    public static Variant FromUInt32(uint value) => value;

    /// <summary>Creates an Int64 Variant.</summary>
    public static Variant FromInt64(long value) => value;

    /// <summary>Creates a Double Variant.</summary>
    public static Variant FromDouble(double value) => value;

    /// <summary>Creates a String Variant.</summary>
    public static Variant FromString(string? value) => value;

    /// <summary>The .NET type that holds one element of <paramref name="type"/>.</summary>
    public static Type ElementTypeOf(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => typeof(bool),
        BuiltInType.SByte => typeof(sbyte),
        BuiltInType.Byte => typeof(byte),
        BuiltInType.Int16 => typeof(short),
        BuiltInType.UInt16 => typeof(ushort),
        BuiltInType.Int32 => typeof(int),
        BuiltInType.UInt32 => typeof(uint),
        BuiltInType.Int64 => typeof(long),
        BuiltInType.UInt64 => typeof(ulong),
        BuiltInType.Float => typeof(float),
        BuiltInType.Double => typeof(double),
        BuiltInType.String => typeof(string),
        BuiltInType.DateTime => typeof(DateTime),
        BuiltInType.Guid => typeof(Guid),
        BuiltInType.ByteString => typeof(byte[]),
        BuiltInType.XmlElement => typeof(XmlElement),
        BuiltInType.NodeId => typeof(NodeId),
        BuiltInType.ExpandedNodeId => typeof(ExpandedNodeId),
        BuiltInType.StatusCode => typeof(StatusCode),
        BuiltInType.QualifiedName => typeof(QualifiedName),
        BuiltInType.LocalizedText => typeof(LocalizedText),
        BuiltInType.ExtensionObject => typeof(ExtensionObject),
        BuiltInType.DataValue => typeof(DataValue),
        BuiltInType.Variant => typeof(Variant),
        BuiltInType.DiagnosticInfo => typeof(DiagnosticInfo),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a built-in type with values."),
    };

    private static bool IsNullable(BuiltInType type) => type is BuiltInType.String or BuiltInType.ByteString
        or BuiltInType.NodeId or BuiltInType.ExpandedNodeId or BuiltInType.QualifiedName or BuiltInType.LocalizedText
        or BuiltInType.ExtensionObject or BuiltInType.DataValue or BuiltInType.DiagnosticInfo;

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        null => "(null)",
        Array a when Type != BuiltInType.ByteString || Value is byte[][] => $"{Type}[{a.Length}]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? string.Empty,
    };
}
