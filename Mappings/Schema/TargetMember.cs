using System.Linq.Expressions;
using System.Reflection;
using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Mappings.Schema;

/// <summary>One settable property of a canonical entity, described once by reflection.</summary>
internal sealed class TargetMember
{
    private Delegate? _setter;

    public TargetMember(PropertyInfo property, ValueKind kind, Type valueType, bool acceptsNull, bool isRequired)
    {
        Property = property;
        Kind = kind;
        ValueType = valueType;
        AcceptsNull = acceptsNull;
        IsRequired = isRequired;
    }

    public PropertyInfo Property { get; }

    public string Name => Property.Name;

    public ValueKind Kind { get; }

    /// <summary>The type converters produce: the property's type, without <see cref="Nullable{T}"/>.</summary>
    public Type ValueType { get; }

    /// <summary>True for nullable value types and nullable references.</summary>
    public bool AcceptsNull { get; }

    /// <summary>True for C# <c>required</c> members.</summary>
    public bool IsRequired { get; }

    /// <summary>How the field is named in errors: <c>decimal?</c>, <c>SalesOrderStatus</c>.</summary>
    public string TypeName => (Kind == ValueKind.Enum ? ValueType.Name : Kind switch
    {
        ValueKind.String => "string",
        ValueKind.Int => "int",
        ValueKind.Decimal => "decimal",
        ValueKind.DateTime => "date",
        ValueKind.Bool => "bool",
        _ => ValueType.Name,
    }) + (AcceptsNull ? "?" : string.Empty);

    /// <summary>
    /// A compiled <c>Action&lt;CanonicalEntity, TValue&gt;</c> that sets the property, built once on first use
    /// so that mapping a row calls no reflection.
    /// </summary>
    public Action<CanonicalEntity, T> GetSetter<T>()
    {
        if (typeof(T) != ValueType)
        {
            throw new InvalidOperationException($"{Name} takes {ValueType.Name}, not {typeof(T).Name}.");
        }

        return (Action<CanonicalEntity, T>)(_setter ??= CompileSetter());
    }

    private Delegate CompileSetter()
    {
        var entity = Expression.Parameter(typeof(CanonicalEntity), "entity");
        var value = Expression.Parameter(ValueType, "value");
        // Init-only setters are ordinary setters at run time; assigning after construction is what `with` does.
        var target = Expression.Property(Expression.Convert(entity, Property.DeclaringType!), Property);
        Expression assigned = Property.PropertyType == ValueType ? value : Expression.Convert(value, Property.PropertyType);
        var lambdaType = typeof(Action<,>).MakeGenericType(typeof(CanonicalEntity), ValueType);
        return Expression.Lambda(lambdaType, Expression.Assign(target, assigned), entity, value).Compile();
    }
}
