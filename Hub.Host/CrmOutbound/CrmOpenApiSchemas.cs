using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Cli.SettingsReference;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// The JSON Schema of each kind's <c>entity</c> (issue 23 item 1), exported from the very serializer contract that
/// writes it (the store's, the rules stage's, the portal's: all source-generated), with the XML doc comments of the
/// types and properties as descriptions. A property added to an entity is in the schema at the next build.
/// </summary>
internal static class CrmOpenApiSchemas
{
    private static readonly Type[] Integers = [typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong)];

    private static readonly Type[] Numbers = [typeof(float), typeof(double), typeof(decimal)];

    /// <summary>The contract that writes the entity of <paramref name="kind"/> into the feed and the webhooks.</summary>
    public static JsonTypeInfo EntityContract(string kind) => kind switch
    {
        nameof(EntityKind.Customer) => EntityJsonContext.Default.Customer,
        nameof(EntityKind.Contact) => EntityJsonContext.Default.Contact,
        nameof(EntityKind.SalesOrder) => EntityJsonContext.Default.SalesOrder,
        nameof(EntityKind.SalesOrderLine) => EntityJsonContext.Default.SalesOrderLine,
        nameof(EntityKind.StockLevel) => EntityJsonContext.Default.StockLevel,
        nameof(EntityKind.WorkOrder) => EntityJsonContext.Default.WorkOrder,
        nameof(EntityKind.Shipment) => EntityJsonContext.Default.Shipment,
        nameof(EntityKind.InstalledEquipment) => EntityJsonContext.Default.InstalledEquipment,
        CrmKinds.ServiceTicket => RulesJson.Default.ServiceTicket,
        CrmKinds.OrderProgress => PortalJsonContext.Default.OrderProgress,
        // A kind added to the feed without its contract here fails the document's build, and so its test.
        _ => throw new InvalidOperationException($"The CRM feed's kind {kind} has no schema: name the contract that writes it in {nameof(CrmOpenApiSchemas)}.{nameof(EntityContract)}."),
    };

    /// <summary>The schema of what <paramref name="contract"/> writes.</summary>
    public static JsonObject Of(JsonTypeInfo contract, XmlDocumentation docs)
    {
        var options = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Refine(context, node, docs),
        };
        return contract.GetJsonSchemaAsNode(options) as JsonObject
            ?? throw new InvalidOperationException($"The schema of {contract.Type.Name} is not an object schema.");
    }

    private static JsonNode Refine(JsonSchemaExporterContext context, JsonNode node, XmlDocumentation docs)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        WriteNumbersAsNumbers(context.TypeInfo.Type, schema);
        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            DescribeWhatIsWritten(context.TypeInfo, schema);
        }

        var member = context.PropertyInfo?.AttributeProvider as MemberInfo
            ?? (context.PropertyInfo is null && context.Path.IsEmpty ? context.TypeInfo.Type : null);
        if (member is Type or PropertyInfo && Description(docs, member) is { Length: > 0 } description)
        {
            schema["description"] = description;
        }

        return schema;
    }

    // Contracts with the web defaults also read numbers from strings, which the exporter describes as "string or
    // number" with a pattern; the hub always writes them as numbers, and a receiver should expect just that.
    private static void WriteNumbersAsNumbers(Type type, JsonObject schema)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        var numeric = Integers.Contains(plain) ? "integer" : Numbers.Contains(plain) ? "number" : null;
        if (numeric is null || schema["type"] is not JsonArray types || !types.Any(t => t?.GetValue<string>() == "string"))
        {
            return;
        }

        var nullable = types.Any(t => t?.GetValue<string>() == "null");
        schema["type"] = nullable ? new JsonArray(numeric, "null") : JsonValue.Create(numeric);
        schema.Remove("pattern");
    }

    // The exporter lists every property of the contract; the writer leaves out read-only ones (the entities' computed
    // kind and key) when the contract ignores them, and nulls when it ignores those: such a property is never required.
    private static void DescribeWhatIsWritten(JsonTypeInfo type, JsonObject schema)
    {
        var properties = schema["properties"] as JsonObject;
        var required = schema["required"] as JsonArray;
        foreach (var property in type.Properties)
        {
            if (type.Options.IgnoreReadOnlyProperties && property.Set is null)
            {
                properties?.Remove(property.Name);
                RemoveRequired(required, property.Name);
            }
            else if (type.Options.DefaultIgnoreCondition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault
                && properties?[property.Name] is JsonObject written && AllowsNull(written))
            {
                RemoveRequired(required, property.Name);
            }
        }

        if (required is { Count: 0 })
        {
            schema.Remove("required");
        }
    }

    private static bool AllowsNull(JsonObject schema) =>
        schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null")
        || schema["enum"] is JsonArray values && values.Any(v => v is null);

    private static void RemoveRequired(JsonArray? required, string name)
    {
        if (required?.FirstOrDefault(r => r?.GetValue<string>() == name) is { } entry)
        {
            required.Remove(entry);
        }
    }

    private static string Description(XmlDocumentation docs, MemberInfo member)
    {
        // Types and properties only: XmlDocumentation names no other members.
        var element = docs.Member(member);
        var summary = XmlDocumentation.Render(element?.Element("summary"), Reference);
        var value = XmlDocumentation.Render(element?.Element("value"), Reference);
        return string.Join(" ", new[] { summary, value }.Where(s => s.Length > 0));
    }

    // <see cref="SalesOrderStatus.Open"/> reads as `Open`: the receiver knows the JSON names, not the C# types.
    private static string Reference(string cref) => XmlDocumentation.Code(cref[(cref.LastIndexOf('.') + 1)..]);
}
