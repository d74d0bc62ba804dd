using IntegrationHub.Adapters.OpcUa.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>How the client connects to one OPC UA server.</summary>
public sealed record OpcUaClientOptions
{
    /// <summary>The server's endpoint, e.g. <c>opc.tcp://mes01:4840</c>.</summary>
    public required Uri EndpointUrl { get; init; }

    /// <summary>The client's application URI (also put in its certificate). <value>The default value is urn:integrationhub:opcua-client.</value></summary>
    public string ApplicationUri { get; init; } = "urn:integrationhub:opcua-client";

    /// <summary>The client's application name. <value>The default value is IntegrationHub.</value></summary>
    public string ApplicationName { get; init; } = "IntegrationHub";

    /// <summary>The session name shown by the server. <value>The default value is IntegrationHub session.</value></summary>
    public string SessionName { get; init; } = "IntegrationHub session";

    /// <summary>
    /// The least message security the client accepts. It takes the most secure endpoint the server offers with at least
    /// this mode and a policy it implements (None; Aes256_Sha256_RsaPss, Basic256Sha256 or Aes128_Sha256_RsaOaep in Sign or
    /// SignAndEncrypt, which need <see cref="PkiRoot"/>), SignAndEncrypt before Sign, then the stronger policy.
    /// <value>The default value is <see cref="MessageSecurityMode.None"/>: a secured endpoint still wins when PkiRoot is set.</value>
    /// </summary>
    public MessageSecurityMode SecurityMode { get; init; } = MessageSecurityMode.None;

    /// <summary>
    /// The most message security the client takes (set it and <see cref="SecurityMode"/> to the same value to pin one mode).
    /// <value>The default value is <see cref="MessageSecurityMode.SignAndEncrypt"/>.</value>
    /// </summary>
    public MessageSecurityMode MaximumSecurityMode { get; init; } = MessageSecurityMode.SignAndEncrypt;

    /// <summary>
    /// The security policy of a secured endpoint: Best (or null) takes the strongest both sides offer
    /// (Aes256_Sha256_RsaPss, then Basic256Sha256, then Aes128_Sha256_RsaOaep); a policy's name or URI takes only that one.
    /// <value>The default value is null (Best).</value>
    /// </summary>
    public string? SecurityPolicy { get; init; }

    /// <summary>
    /// The client's PKI folder (own, trusted and rejected certificates). When set, the client creates its application
    /// instance certificate there on first start, sends it with CreateSession, and refuses a server whose certificate is
    /// not in <c>trusted/certs</c> (the error names the thumbprint and the folder). <value>The default value is null (no PKI).</value>
    /// </summary>
    public string? PkiRoot { get; init; }

    /// <summary>User name for a UserName identity; null for Anonymous.</summary>
    public string? UserName { get; init; }

    /// <summary>Password for <see cref="UserName"/>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Whether the password may be sent unencrypted: on an endpoint whose user token policy names no security policy
    /// (or None) and whose channel does not encrypt, the server would receive it in clear text. Refused unless set;
    /// when set, each such session activation logs a warning (event 4114). <value>The default value is false.</value>
    /// </summary>
    public bool AllowUnencryptedPassword { get; init; }

    /// <summary>Requested session timeout. <value>The default value is 60 seconds.</value></summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for the TCP connect and Hello/Acknowledge. <value>The default value is 10 seconds.</value></summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for each service call. <value>The default value is 15 seconds.</value></summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Requested lifetime of secure channel tokens; renewed at 75 %. <value>The default value is 1 hour.</value></summary>
    public TimeSpan SecureChannelLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Largest chunk the client receives and sends. <value>The default value is 65535 bytes.</value></summary>
    public uint BufferSize { get; init; } = 65535;

    /// <summary>Largest response message accepted. <value>The default value is 16 MiB.</value></summary>
    public uint MaxMessageSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Publish requests kept outstanding while subscriptions exist: enough that the server still holds one while a
    /// large response is on its way and being decoded (Part 4 5.13.5), else notifications wait and queues overflow.
    /// </summary>
    /// <value>The default value is 5 (node-opcua's client pipelines as many).</value>
    public int PublishRequestCount { get; init; } = 5;

    /// <summary>
    /// How often a session without subscriptions (a hot standby's, issue 18 item 1) reads the server's state so that the
    /// server does not time it out and a server that stopped answering is noticed; never more than a third of the
    /// session timeout the server granted. <value>The default value is 10 seconds.</value>
    /// </summary>
    public TimeSpan SessionKeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay before reconnecting (doubled each failed attempt, with jitter). <value>The default value is 500 ms.</value></summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between reconnect attempts. <value>The default value is 10 seconds.</value></summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Delay between reconnect attempts while the server refuses the client for a reason that retrying cannot cure
    /// (user rejected, certificate not trusted, password that would go unencrypted). The reason and its fix are logged
    /// once (event 4113), not at every attempt. <value>The default value is 5 minutes.</value>
    /// </summary>
    public TimeSpan PermanentFailureRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often <see cref="OpcUaClient.ConnectAsync"/> retries when the server cannot be reached at start-up; 0 fails at once,
    /// <see cref="int.MaxValue"/> retries until cancelled. <value>The default value is 0.</value>
    /// </summary>
    public int ConnectRetryAttempts { get; init; }

    /// <summary>Where connection events go (event ids 4101-4116, see <c>OpcUaClientLog</c>). <value>The default value is no logging.</value></summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The clock used for timeouts, renewals and backoff. <value>The default value is <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
