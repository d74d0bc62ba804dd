namespace IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;

/// <summary>
/// The lease names of MQTT sessions (issue 18, "a dead node's share of the telemetry"): <c>mqtt/&lt;ClientId&gt;</c>,
/// held by whichever node runs the session (its owner, or a node that adopted it), and <c>mqtt-return/&lt;ClientId&gt;</c>,
/// held by the owner while it waits for its session back, which tells an adopter to let go.
/// </summary>
internal static class MqttSessionLeases
{
    /// <summary>The prefix of every session lease; what follows it is the client id.</summary>
    public const string SessionPrefix = "mqtt/";

    /// <summary>The prefix of the owners' "give it back" leases.</summary>
    public const string ReturnPrefix = "mqtt-return/";

    /// <summary>The lease of the session with <paramref name="clientId"/>.</summary>
    public static string Session(string clientId) => SessionPrefix + clientId;

    /// <summary>The lease the owner of <paramref name="clientId"/> holds while it asks for its session back.</summary>
    public static string Return(string clientId) => ReturnPrefix + clientId;

    /// <summary>The client id of a session lease, or null for any other lease.</summary>
    public static string? ClientIdOf(string leaseName) =>
        leaseName.StartsWith(SessionPrefix, StringComparison.Ordinal) && leaseName.Length > SessionPrefix.Length
            ? leaseName[SessionPrefix.Length..]
            : null;
}
