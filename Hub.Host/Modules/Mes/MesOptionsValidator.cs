using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>Checks <c>Hub:Mes</c>: the endpoint, the security mode, and every node reference, each error with its setting
/// (paths computed from the section and the property names).</summary>
internal static class MesOptionsValidator
{
    public static IReadOnlyList<string> Validate(MesOptions mes, string section)
    {
        var errors = new List<string>();
        if (!mes.Enabled)
        {
            return errors;
        }

        string At(string relative) => $"{section}:{relative}";

        if (!Uri.TryCreate(mes.EndpointUrl, UriKind.Absolute, out var endpoint) || endpoint.Scheme != "opc.tcp")
        {
            errors.Add($"{At(nameof(mes.EndpointUrl))} is '{mes.EndpointUrl}'. Set the MES server's OPC UA endpoint, for example opc.tcp://mes01:4840.");
        }

        if (!string.Equals(mes.SecurityMode, "Best", StringComparison.OrdinalIgnoreCase)
            && (!Enum.TryParse<MessageSecurityMode>(mes.SecurityMode, ignoreCase: true, out var mode) || mode == MessageSecurityMode.Invalid || int.TryParse(mes.SecurityMode, out _)))
        {
            errors.Add($"{At(nameof(mes.SecurityMode))} is '{mes.SecurityMode}'. Use Best (the most secure the server offers), None, Sign or SignAndEncrypt.");
        }

        CheckSecurityPolicy(errors, mes, At(nameof(mes.SecurityPolicy)), At(nameof(mes.SecurityMode)));

        if (mes.PublishingInterval <= TimeSpan.Zero || mes.SamplingInterval < TimeSpan.Zero)
        {
            errors.Add($"{At(nameof(mes.PublishingInterval))} ({mes.PublishingInterval}) must be positive and {At(nameof(mes.SamplingInterval))} ({mes.SamplingInterval}) 0 or more, for example 00:00:01 and 00:00:00.500.");
        }

        if (mes.RefusedRetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{At(nameof(mes.RefusedRetryDelay))} ({mes.RefusedRetryDelay}) must be positive, for example 00:05:00.");
        }

        if (mes.MaxBackfillValuesPerNode < 1 || mes.HistoryValuesPerRead < 1)
        {
            errors.Add($"{At(nameof(mes.MaxBackfillValuesPerNode))} ({mes.MaxBackfillValuesPerNode}) and {At(nameof(mes.HistoryValuesPerRead))} ({mes.HistoryValuesPerRead}) must be 1 or more, for example 10000 and 1000.");
        }

        if (mes.WorkOrders.Count == 0 && mes.Machines.Count == 0 && !mes.Alarms.Enabled)
        {
            errors.Add($"{section} is enabled but watches nothing. Add {At(nameof(mes.WorkOrders))}:0:Line and its Fields, {At(nameof(mes.Machines))}:0:AssetId and its Metrics, or enable {At(nameof(mes.Alarms))}.");
        }

        if (mes.Alarms.Enabled)
        {
            var alarms = $"{nameof(mes.Alarms)}";
            CheckNode(errors, At($"{alarms}:{nameof(mes.Alarms.Notifier)}"), mes.Alarms.Notifier);
            var sources = At($"{alarms}:{nameof(mes.Alarms.Sources)}");
            var mapping = At($"{alarms}:{nameof(mes.Alarms.Mapping)}");
            if (mes.Alarms.Sources.Count == 0 && string.IsNullOrWhiteSpace(mes.Alarms.Mapping))
            {
                errors.Add($"{sources} is empty and {mapping} is not set. Map each condition SourceName to the hub's asset id, for example {sources}:Press 7=EQ-C001-07, or name a mapping file's source with the target MachineAlarm, for example {mapping}=mes-opcua-alarms.");
            }
            else if (mes.Alarms.Sources.Count > 0 && !string.IsNullOrWhiteSpace(mes.Alarms.Mapping))
            {
                errors.Add($"{sources} and {mapping} ('{LogText.Escape(mes.Alarms.Mapping)}') are both set. Use one: the mapping file (its value map takes the SourceName -> asset id table) or the Sources table.");
            }

            foreach (var (source, asset) in mes.Alarms.Sources.Where(s => string.IsNullOrWhiteSpace(s.Value) || s.Value.Any(char.IsControl)))
            {
                errors.Add($"{At($"{alarms}:{nameof(mes.Alarms.Sources)}:{source}")} is '{asset}'. Give the hub's asset id of the machine, for example EQ-C001-07.");
            }
        }

        for (var i = 0; i < mes.WorkOrders.Count; i++)
        {
            var group = mes.WorkOrders[i];
            if (string.IsNullOrWhiteSpace(group.Line) || group.Fields.Count == 0)
            {
                errors.Add($"{At(nameof(mes.WorkOrders))}:{i} needs a Line (its name) and Fields (field name -> node), for example Fields:WorkOrderNumber=nsu=urn:plant:mes;s=Line1.WorkOrder.");
            }

            foreach (var (field, node) in group.Fields)
            {
                CheckNode(errors, $"{At(nameof(mes.WorkOrders))}:{i}:{nameof(group.Fields)}:{field}", node);
            }
        }

        for (var i = 0; i < mes.Machines.Count; i++)
        {
            var machine = mes.Machines[i];
            if (string.IsNullOrWhiteSpace(machine.AssetId) || machine.Metrics.Count == 0)
            {
                errors.Add($"{At(nameof(mes.Machines))}:{i} needs an AssetId (the hub's machine id) and Metrics (metric name -> Node).");
            }

            foreach (var (metric, node) in machine.Metrics)
            {
                CheckNode(errors, $"{At(nameof(mes.Machines))}:{i}:{nameof(machine.Metrics)}:{metric}:{nameof(node.Node)}", node.Node);
            }
        }

        return errors;
    }

    private static void CheckNode(List<string> errors, string setting, string node)
    {
        try
        {
            NodeReference.Parse(node);
        }
        catch (FormatException e)
        {
            errors.Add($"{setting}: {e.Message}");
        }
    }

    private static void CheckSecurityPolicy(List<string> errors, MesOptions mes, string at, string modeAt)
    {
        if (string.Equals(mes.SecurityPolicy, "Best", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!SecurityPolicyUris.ImplementedNames.Contains(mes.SecurityPolicy, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{at} is '{LogText.Escape(mes.SecurityPolicy)}'. Use Best (the strongest both sides offer) or one of {string.Join(", ", SecurityPolicyUris.ImplementedNames)}.");
        }
        else if (string.Equals(mes.SecurityMode, nameof(MessageSecurityMode.None), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{at} is {mes.SecurityPolicy} but {modeAt} is None, which uses no policy. Set {modeAt} to Sign or SignAndEncrypt (or Best), or {at} to Best.");
        }
    }
}
