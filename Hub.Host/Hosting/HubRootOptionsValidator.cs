namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks the settings directly under <c>Hub</c>: the data folder and the node's name.</summary>
internal sealed class HubRootOptionsValidator() : HubSettingsValidator<HubOptions>(HubSettingPaths.Of())
{
    protected override void Check(HubOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            errors.Add($"{Setting(nameof(options.DataFolder))} is empty. Set it to the folder for the hub's database and files, for example /var/lib/integrationhub.");
        }

        // Issue 18: the node id is written into claims and leases and shown on /health and in logs, so it must be short
        // and printable.
        var nodeId = options.NodeId;
        if (string.IsNullOrWhiteSpace(nodeId))
        {
            errors.Add($"{Setting(nameof(options.NodeId))} is empty. Remove it to use the machine name and process id, or set a name unique among the nodes of one store, for example hub1.");
        }
        else if (nodeId.Length > HubOptions.MaxNodeIdLength || nodeId.Any(char.IsControl) || nodeId.Trim() != nodeId)
        {
            errors.Add($"{Setting(nameof(options.NodeId))} is {nodeId.Length} characters with control characters or surrounding spaces, or over {HubOptions.MaxNodeIdLength}. Use a short printable name unique among the nodes of one store, for example hub1.");
        }
    }
}
