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
    /// <summary>BaseEventType (i=2041), the root of the event types (Part 5 6.4.2).</summary>
    public static readonly NodeId BaseEventType = new(2041);
    /// <summary>ConditionType (i=2782), Part 9 5.5.2.</summary>
    public static readonly NodeId ConditionType = new(2782);
    /// <summary>AcknowledgeableConditionType (i=2881), Part 9 5.7.2.</summary>
    public static readonly NodeId AcknowledgeableConditionType = new(2881);
    /// <summary>AlarmConditionType (i=2915), Part 9 5.8.2.</summary>
    public static readonly NodeId AlarmConditionType = new(2915);
    /// <summary>RefreshStartEventType (i=2787): a ConditionRefresh begins (Part 9 5.11.2).</summary>
    public static readonly NodeId RefreshStartEventType = new(2787);
    /// <summary>RefreshEndEventType (i=2788): a ConditionRefresh has sent every retained condition (Part 9 5.11.3).</summary>
    public static readonly NodeId RefreshEndEventType = new(2788);
    /// <summary>ConditionType_ConditionRefresh (i=3875), called on ConditionType with a subscription id (Part 9 5.5.7).</summary>
    public static readonly NodeId ConditionRefresh = new(3875);
    /// <summary>AcknowledgeableConditionType_Acknowledge (i=9111): EventId, Comment (Part 9 5.7.3).</summary>
    public static readonly NodeId Acknowledge = new(9111);
    /// <summary>HierarchicalReferences (i=33).</summary>
    public static readonly NodeId HierarchicalReferences = new(33);
    /// <summary>Organizes (i=35).</summary>
    public static readonly NodeId Organizes = new(35);
    /// <summary>HasComponent (i=47).</summary>
    public static readonly NodeId HasComponent = new(47);
}
