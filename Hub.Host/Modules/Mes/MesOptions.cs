using IntegrationHub.Adapters.OpcUa.Mes;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>The MES production-status adapter over OPC UA (<c>Hub:Mes</c>); off unless enabled.</summary>
internal sealed record MesOptions
{
    /// <summary>
    /// Turns the MES adapter on: the node that holds the lease <c>mes</c> subscribes to the watched nodes (with
    /// <see cref="Standby"/>, every node keeps a session open). At least one work order or machine is required. While off, the other <c>Hub:Mes</c> settings are not checked and nothing connects.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Enabled { get; init; }

    /// <summary>The MES server's endpoint, for example opc.tcp://mes01:4840.</summary>
    public string EndpointUrl { get; init; } = string.Empty;

    /// <summary>
    /// Best (the most secure endpoint the server offers: SignAndEncrypt before Sign before None), or exactly None, Sign or
    /// SignAndEncrypt. Secured modes use the policy <see cref="SecurityPolicy"/> chooses with the hub's certificate in
    /// <see cref="PkiFolder"/>, and the server's must be trusted there.
    /// </summary>
    /// <value>The default value is Best.</value>
    public string SecurityMode { get; init; } = "Best";

    /// <summary>
    /// The security policy of a secured endpoint: Best (the strongest both sides offer: Aes256_Sha256_RsaPss, then
    /// Basic256Sha256, then Aes128_Sha256_RsaOaep), or exactly one of those names. The password is encrypted with the
    /// policy the server's user token policy names, whatever this says.
    /// </summary>
    /// <value>The default value is Best.</value>
    public string SecurityPolicy { get; init; } = "Best";

    /// <summary>
    /// The OPC UA user the session activates as (a UserName identity token); none connects anonymously. The server must
    /// offer a UserName token policy on the chosen endpoint.
    /// </summary>
    public string? UserName { get; init; }

    /// <summary>
    /// The password of <see cref="UserName"/>, encrypted for the server as its token policy requires (see
    /// <see cref="AllowUnencryptedPassword"/>); never logged. Set it through the environment (<c>Hub__Mes__Password</c>),
    /// not in a settings file.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// Lets the password go to a server in clear text when its endpoint offers no protection for it (a None endpoint
    /// whose user token policy names no security policy). Refused unless true; logged (4114) whenever it happens.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool AllowUnencryptedPassword { get; init; }

    /// <summary>
    /// Delay between reconnect attempts while the server refuses the hub for a reason that retrying cannot cure (user
    /// rejected, certificate not trusted); the reason and its fix are logged once (4113).
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan RefusedRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Keeps the OPC UA session open on a node that does not hold the lease <c>mes</c> (issue 18 item 1, a hot
    /// standby), so that a take-over only subscribes. False opens the session at the take-over and closes it when the
    /// lease goes, for a server that counts (or licenses) sessions; a take-over then takes the connection's time too.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool Standby { get; init; } = true;

    /// <summary>The hub's OPC UA certificate store, relative to the data folder. <value>The default value is pki/opcua.</value></summary>
    public string PkiFolder { get; init; } = "pki/opcua";

    /// <summary>The hub's application URI, also in its certificate. <value>The default value is urn:integrationhub:hub.</value></summary>
    public string ApplicationUri { get; init; } = "urn:integrationhub:hub";

    /// <summary>
    /// How often the server sends the watched nodes' changes (the subscription's requested publishing interval; the
    /// server may revise it). Must be positive (checked at start).
    /// </summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan PublishingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the server samples each watched node (requested; the server may revise it to what the node supports).
    /// 0 asks for the fastest rate the server can; negative values are refused at start.
    /// </summary>
    /// <value>The default value is 500 milliseconds.</value>
    public TimeSpan SamplingInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// After a gap in the subscription (the server lost it and it was created anew after a reconnect, or notification
    /// messages were lost), reads the watched nodes' history for the gap (HistoryRead, raw values) and stores what the
    /// server historized, in source-time order; nodes the server does not historize are reported on /health as not
    /// recovered (issue 22 item 2).
    /// </summary>
    /// <value>The default value is true.</value>
    public bool HistoryBackfill { get; init; } = true;

    /// <summary>
    /// Most values recovered per node and gap: the oldest ones of the gap are stored, the later ones reported as not
    /// recovered (log 4216 and /health). Must be 1 or more (checked at start).
    /// </summary>
    /// <value>The default value is 10000.</value>
    public int MaxBackfillValuesPerNode { get; init; } = 10_000;

    /// <summary>
    /// Values asked for per HistoryRead call (NumValuesPerNode); the server's continuation points bring the rest. Must be
    /// 1 or more (checked at start).
    /// </summary>
    /// <value>The default value is 1000.</value>
    public int HistoryValuesPerRead { get; init; } = 1000;

    public IReadOnlyList<WorkOrderNodes> WorkOrders { get; init; } = [];

    public IReadOnlyList<MachineNodes> Machines { get; init; } = [];

    /// <summary>The server's alarm conditions as the hub's alarms and tickets (off unless <c>Alarms:Enabled</c>).</summary>
    public MesAlarmSettings Alarms { get; init; } = new();
}
