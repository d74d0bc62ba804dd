using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Standard nodes of namespace 0 (UA-Nodeset Schema/NodeIds.csv).</summary>
public static class WellKnownNodeIds
{
    /// <summary>RootFolder (i=84).</summary>
    public static readonly NodeId RootFolder = new(84);
    /// <summary>ObjectsFolder (i=85).</summary>
    public static readonly NodeId ObjectsFolder = new(85);
    /// <summary>Server (i=2253).</summary>
    public static readonly NodeId Server = new(2253);
    /// <summary>Server_NamespaceArray (i=2255).</summary>
    public static readonly NodeId NamespaceArray = new(2255);

    /// <summary>Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall (i=11714).</summary>
    public static readonly NodeId MaxMonitoredItemsPerCall = new(11714);
    /// <summary>Server_ServerStatus_State (i=2259).</summary>
    public static readonly NodeId ServerState = new(2259);
    /// <summary>Server_ServerStatus_StartTime (i=2257): when the server (process) started; it changes on a restart.</summary>
    public static readonly NodeId ServerStartTime = new(2257);
    /// <summary>Server_GetMonitoredItems (i=11492), a method of the Server object (Part 5 9.1).</summary>
    public static readonly NodeId GetMonitoredItems = new(11492);
    /// <summary>Server_ServerStatus_CurrentTime (i=2258).</summary>
    public static readonly NodeId ServerCurrentTime = new(2258);
    /// <summary>HierarchicalReferences (i=33).</summary>
    public static readonly NodeId HierarchicalReferences = new(33);
    /// <summary>Organizes (i=35).</summary>
    public static readonly NodeId Organizes = new(35);
    /// <summary>HasComponent (i=47).</summary>
    public static readonly NodeId HasComponent = new(47);
}
