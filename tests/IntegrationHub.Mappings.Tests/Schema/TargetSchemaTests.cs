using IntegrationHub.Crm.Core.Changes;
using System.Reflection;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Mappings.Schema;

namespace IntegrationHub.Mappings.Tests.Schema;

public sealed class TargetSchemaTests
{
    public static TheoryData<EntityKind> Kinds => [.. Enum.GetValues<EntityKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void For_EveryKind_CreatesEntityOfThatKind(EntityKind kind)
    {
        var schema = TargetSchema.For(kind);

        Assert.Equal(kind, schema.Create().Kind);
        Assert.Equal(kind.ToString(), schema.EntityType.Name);
        Assert.DoesNotContain(schema.Members, m => m.Name is "Kind" or "Key" or "EqualityContract");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void For_EveryKind_HasNoPropertyMappingsCannotSet(EntityKind kind)
    {
        // A Crm.Core property of a new type (double, Guid, ...) needs a converter here before sources can fill it,
        // unless it is marked as kept by the hub itself (no source fills it).
        Assert.Empty(TargetSchema.For(kind).Unsupported
            .Where(p => p.GetCustomAttribute<NotFromSourcesAttribute>() is null)
            .Select(p => $"{p.Name}: {p.PropertyType}"));
    }

    [Fact]
    public void For_SalesOrder_ReadsRequiredMembersAndTypes()
    {
        var schema = TargetSchema.For(EntityKind.SalesOrder);

        Assert.Equal(["OrderNo", "CustomerCode", "OrderDate"], schema.Members.Where(m => m.IsRequired).Select(m => m.Name));
        Assert.Equal(
            ["OrderNo string", "CustomerCode string", "OrderDate date", "PromisedDate date?", "Status SalesOrderStatus",
             "CustomerReference string?", "Currency string?", "TotalAmount decimal?"],
            schema.Members.Select(m => $"{m.Name} {m.TypeName}"));
    }

    [Fact]
    public void GetSetter_NullableTarget_SetsThroughUnderlyingType()
    {
        var schema = TargetSchema.For(EntityKind.SalesOrder);
        var order = (SalesOrder)schema.Create();

        schema.MembersByName["TotalAmount"].GetSetter<decimal>()(order, 12.5m);
        schema.MembersByName["Status"].GetSetter<SalesOrderStatus>()(order, SalesOrderStatus.Closed);

        Assert.Equal(12.5m, order.TotalAmount);
        Assert.Equal(SalesOrderStatus.Closed, order.Status);
        Assert.Throws<InvalidOperationException>(() => schema.MembersByName["TotalAmount"].GetSetter<int>());
    }
}
