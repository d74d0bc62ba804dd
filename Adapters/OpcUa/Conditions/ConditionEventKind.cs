namespace IntegrationHub.Adapters.OpcUa.Conditions;

/// <summary>What an event of an alarm-condition item is.</summary>
public enum ConditionEventKind
{
    /// <summary>A condition's state (<see cref="ConditionReading.Condition"/>).</summary>
    Condition,

    /// <summary>A ConditionRefresh begins: the retained conditions follow (Part 9 5.11.2).</summary>
    RefreshStart,

    /// <summary>A ConditionRefresh has sent every retained condition (Part 9 5.11.3).</summary>
    RefreshEnd,

    /// <summary>The event could not be read (<see cref="ConditionReading.Error"/> says which field and why).</summary>
    Invalid,
}
