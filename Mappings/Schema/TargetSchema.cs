using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Mappings.Schema;

/// <summary>
/// What a mapping can set on one kind of canonical entity: its settable properties, their types and which are
/// required, read once by reflection from the Crm.Core record, and a compiled factory.
/// </summary>
internal sealed class TargetSchema
{
    private static readonly FrozenDictionary<EntityKind, TargetSchema> Schemas = Build();

    private TargetSchema(
        EntityKind kind, Type entityType, IReadOnlyList<TargetMember> members, IReadOnlyList<PropertyInfo> unsupported)
    {
        Kind = kind;
        EntityType = entityType;
        Members = members;
        Unsupported = unsupported;
        MembersByName = members.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
        // The C# compiler enforces `required` at the call site only; the mapping checks required members itself.
        Create = Expression.Lambda<Func<CanonicalEntity>>(Expression.New(entityType)).Compile();
    }

    public EntityKind Kind { get; }

    public Type EntityType { get; }

    /// <summary>The settable properties, in declaration order.</summary>
    public IReadOnlyList<TargetMember> Members { get; }

    public FrozenDictionary<string, TargetMember> MembersByName { get; }

    /// <summary>
    /// Settable properties of a type no converter handles yet; naming one in a mapping, or leaving a required one
    /// unmapped, is a load error rather than a silently unset field.
    /// </summary>
    public IReadOnlyList<PropertyInfo> Unsupported { get; }

    /// <summary>The kinds that have a canonical record, which mappings can target.</summary>
    public static IEnumerable<EntityKind> Kinds => Schemas.Keys.Order();

    /// <summary>Creates an entity with no property set (the record's defaults apply).</summary>
    public Func<CanonicalEntity> Create { get; }

    public static TargetSchema For(EntityKind kind) =>
        TryFor(kind) ?? throw new InvalidOperationException($"No canonical record of Crm.Core has the kind {kind}.");

    /// <summary>The schema of <paramref name="kind"/>, or null when Crm.Core has no record of that name.</summary>
    public static TargetSchema? TryFor(EntityKind kind) => Schemas.GetValueOrDefault(kind);

    private static FrozenDictionary<EntityKind, TargetSchema> Build()
    {
        var types = typeof(CanonicalEntity).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(CanonicalEntity)) && !t.IsAbstract)
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
        var schemas = new Dictionary<EntityKind, TargetSchema>();
        foreach (var kind in Enum.GetValues<EntityKind>())
        {
            // EntityKind members are named after their records (EntityKind.SalesOrder is SalesOrder).
            if (types.TryGetValue(kind.ToString(), out var type))
            {
                var (members, unsupported) = ReadMembers(type);
                schemas[kind] = new TargetSchema(kind, type, members, unsupported);
            }
        }

        return schemas.ToFrozenDictionary();
    }

    private static (List<TargetMember> Members, List<PropertyInfo> Unsupported) ReadMembers(Type type)
    {
        var nullability = new NullabilityInfoContext();
        var members = new List<TargetMember>();
        var unsupported = new List<PropertyInfo>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.DeclaringType == typeof(CanonicalEntity)
                || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var underlying = Nullable.GetUnderlyingType(property.PropertyType);
            var valueType = underlying ?? property.PropertyType;
            var kind = KindOf(valueType);
            if (kind is null)
            {
                unsupported.Add(property);
                continue;
            }

            var acceptsNull = underlying is not null
                || (!valueType.IsValueType && nullability.Create(property).WriteState == NullabilityState.Nullable);
            var required = property.IsDefined(typeof(RequiredMemberAttribute), inherit: false);
            members.Add(new TargetMember(property, kind.Value, valueType, acceptsNull, required));
        }

        return (members, unsupported);
    }

    private static ValueKind? KindOf(Type type) =>
        type == typeof(string) ? ValueKind.String
        : type == typeof(int) ? ValueKind.Int
        : type == typeof(decimal) ? ValueKind.Decimal
        : type == typeof(DateTimeOffset) ? ValueKind.DateTime
        : type == typeof(bool) ? ValueKind.Bool
        : type.IsEnum ? ValueKind.Enum
        : null;
}
