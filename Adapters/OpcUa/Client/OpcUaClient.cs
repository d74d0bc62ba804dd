using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.OpcUa.Certificates;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Transport;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// An OPC UA client session over UA Binary/opc.tcp: connects, picks the most secure endpoint that configuration
/// allows (SecurityPolicy None, or Aes256_Sha256_RsaPss, Basic256Sha256 or Aes128_Sha256_RsaOaep in Sign or
/// SignAndEncrypt; see <see cref="EndpointChoice"/>), creates and activates a
/// session (Anonymous or UserName, the password encrypted as the policy requires), reads the namespace table, and offers Read, Write, Browse, BrowseNext and
/// TranslateBrowsePathsToNodeIds. Nodes are addressed by namespace URI (<see cref="ExpandedNodeId"/> with
/// <c>nsu=</c>) or by browse path, never by a namespace index from configuration.
/// </summary>
public sealed partial class OpcUaClient : IAsyncDisposable
{
    private readonly OpcUaClientOptions _options;
    private UaSecureChannel? _channel;
    private ChannelSecurity? _security;
    private byte[]? _clientNonce;
    private X509Certificate2? _ownCertificate;
    private NodeId _authenticationToken = NodeId.Null;
    private int _disposed;

    private OpcUaClient(OpcUaClientOptions options)
    {
        _options = options;
    }

    /// <summary>The server's namespace table, read at connect.</summary>
    public NamespaceTable Namespaces { get; private set; } = new([]);

    /// <summary>The server's limit of monitored items per CreateMonitoredItems call, read at connect; 0 when it has none.</summary>
    public int MaxMonitoredItemsPerCall { get; private set; }

    /// <summary>The endpoint the session uses.</summary>
    public EndpointDescription? Endpoint { get; private set; }

    /// <summary>The session id given by the server.</summary>
    public NodeId SessionId { get; private set; } = NodeId.Null;

    /// <summary>The session timeout the server granted.</summary>
    public TimeSpan RevisedSessionTimeout { get; private set; }

    internal UaSecureChannel Channel => _channel ?? throw new OpcUaServiceException(StatusCodes.BadServerNotConnected, "The client is not connected.");

    /// <summary>Connects to the server and opens an activated session.</summary>
    /// <exception cref="OpcUaServiceException">The server cannot be reached or refuses the session; see <see cref="OpcUaServiceException.IsTransient"/>.</exception>
    public static async Task<OpcUaClient> ConnectAsync(OpcUaClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SecurityMode != MessageSecurityMode.None && options.PkiRoot is null)
        {
            throw new ArgumentException($"Security mode {options.SecurityMode} needs a PkiRoot folder for the client's certificate and the trusted server certificates.", nameof(options));
        }

        _ = EndpointChoice.Pinned(options);

        var client = new OpcUaClient(options);
        try
        {
            if (options.ConnectRetryAttempts > 0)
            {
                await client.BuildRetryPipeline(options.ConnectRetryAttempts)
                    .ExecuteAsync(async token => await client.OpenSessionAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
            }

            OpcUaClientLog.Connected(options.Logger, options.EndpointUrl, client.SessionId.ToString());
            client.StartMonitor();
            client.StartKeepAlive();
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The security mode of the current channel.</summary>
    public MessageSecurityMode SecurityMode => _channel?.SecurityMode ?? MessageSecurityMode.None;

    internal SecureChannelOptions ChannelOptions => new()
    {
        Security = _security,
        TransportLimits = new TransportLimits(_options.BufferSize, _options.BufferSize, _options.MaxMessageSize, 0),
        RequestedLifetime = _options.SecureChannelLifetime,
        ConnectTimeout = _options.ConnectTimeout,
        RequestTimeout = _options.RequestTimeout,
        TimeProvider = _options.TimeProvider,
    };

    private async Task OpenSessionAsync(CancellationToken cancellationToken)
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }

        // Discovery over an unsecured channel (Part 4 5.4.4): the endpoints carry the server certificate that a
        // secured channel is then opened with.
        _security?.Dispose();
        _security = null;
        _channel = await UaSecureChannel.OpenAsync(_options.EndpointUrl, ChannelOptions, cancellationToken).ConfigureAwait(false);
        var endpoints = await GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
        Endpoint = ChooseEndpoint(endpoints);
        OpcUaSecurityLog.EndpointChosen(_options.Logger, _options.EndpointUrl, Endpoint.SecurityMode.ToString(), PolicyName(Endpoint.SecurityPolicyUri), endpoints.Count, TokenProtection(Endpoint));
        _ownCertificate = PrepareCertificates(Endpoint);
        if (Endpoint.SecurityMode != MessageSecurityMode.None)
        {
            await _channel.CloseAsync(cancellationToken).ConfigureAwait(false);
            await _channel.DisposeAsync().ConfigureAwait(false);
            _channel = null;
            _security = new ChannelSecurity(SecurityPolicy.Find(Endpoint.SecurityPolicyUri)!, Endpoint.SecurityMode, _ownCertificate!, Endpoint.ServerCertificate!);
            _channel = await OpenSecuredChannelAsync(cancellationToken).ConfigureAwait(false);
        }

        await CreateAndActivateSessionAsync(cancellationToken).ConfigureAwait(false);
        await ReadNamespacesAsync(cancellationToken).ConfigureAwait(false);
        await ReadOperationLimitsAsync(cancellationToken).ConfigureAwait(false);
        await LearnServerStartTimeAsync(cancellationToken).ConfigureAwait(false);
    }

    // Servers answer a client certificate they do not trust with BadSecurityChecksFailed or BadCertificateUntrusted
    // and no more: the error says which certificate the server's administrator has to trust.
    private async Task<UaSecureChannel> OpenSecuredChannelAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await UaSecureChannel.OpenAsync(_options.EndpointUrl, ChannelOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (OpcUaServiceException e) when (e.StatusCode.Code is 0x80130000 or 0x801A0000 or 0x80120000)
        {
            var path = Path.Combine(_options.PkiRoot!, "own", "certs", "application.der");
            throw new OpcUaServiceException(e.StatusCode,
                $"The server refused the secure channel ({e.StatusCode}). It probably does not trust this client's certificate "
                + $"(SHA-1 thumbprint {_ownCertificate!.Thumbprint}, file {path}): add that file to the server's trusted certificates and connect again.", e);
        }
    }

    // With a PKI configured: our certificate is made on first start, and the server's must be trusted before
    // anything secret is sent to it: the channel's keys, or a password encrypted with that certificate. An endpoint
    // without security where no password is encrypted uses no certificate, so there is nothing to trust.
    private X509Certificate2? PrepareCertificates(EndpointDescription endpoint)
    {
        if (_options.PkiRoot is null)
        {
            return null;
        }

        var store = new CertificateStore(_options.PkiRoot, _options.TimeProvider);
        var own = store.GetOrCreateApplicationCertificate(_options.ApplicationUri, _options.ApplicationName, System.Net.Dns.GetHostName());
        if (endpoint.SecurityMode == MessageSecurityMode.None && !EncryptsPassword(endpoint))
        {
            _ownCertificate?.Dispose();
            return own;
        }

        store.ValidateServerCertificate(CertificateChain.First(endpoint.ServerCertificate
            ?? throw new OpcUaServiceException(StatusCodes.BadCertificateInvalid, "The server sent no certificate with its endpoint, so it cannot be checked against the trusted store.")));
        _ownCertificate?.Dispose();
        return own;
    }

    // Servers refuse a CreateMonitoredItems call with more items than they allow (BadTooManyOperations); the limit is
    // optional in the address space, and absent or 0 means none.
    private async Task ReadOperationLimitsAsync(CancellationToken cancellationToken)
    {
        var limit = await ReadValueAsync(WellKnownNodeIds.MaxMonitoredItemsPerCall, cancellationToken).ConfigureAwait(false);
        MaxMonitoredItemsPerCall = limit.Status.IsGood && limit.Value.Value is uint n ? (int)Math.Min(n, int.MaxValue) : 0;
    }

    private async Task ReadNamespacesAsync(CancellationToken cancellationToken)
    {
        var namespaces = await ReadValueAsync(WellKnownNodeIds.NamespaceArray, cancellationToken).ConfigureAwait(false);
        if (namespaces.Value.Value is not string?[] uris)
        {
            throw new OpcUaServiceException(namespaces.Status.IsBad ? namespaces.Status : StatusCodes.BadTypeMismatch,
                "The server's NamespaceArray (i=2255) is not a String array.");
        }

        Namespaces = new NamespaceTable(uris);
    }

    private EndpointDescription ChooseEndpoint(IReadOnlyList<EndpointDescription> endpoints) => EndpointChoice.Choose(endpoints, _options);

    private async Task StopBackgroundWorkAsync()
    {
        await _monitorStop.CancelAsync().ConfigureAwait(false);
        await _publishStop.CancelAsync().ConfigureAwait(false);
        _connected.TrySetCanceled();
        try
        {
            await Task.WhenAll(_publishWorkers.Append(_monitor).Append(_keepAlive)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var subscription in Subscriptions)
        {
            subscription.Complete();
        }
    }

    /// <summary>Sends a request within the session (the authentication token is set here).</summary>
    internal async Task<TResponse> CallAsync<TResponse>(IServiceRequest request, CancellationToken cancellationToken, TimeSpan? timeout = null)
        where TResponse : class, IServiceResponse
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        request.RequestHeader.AuthenticationToken = _authenticationToken;
        return timeout is { } t
            ? await Channel.SendRequestAsync<TResponse>(request, t, cancellationToken).ConfigureAwait(false)
            : await Channel.SendRequestAsync<TResponse>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the session (deleting its subscriptions) and the secure channel.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        _state = ConnectionState.Closed;
        await StopBackgroundWorkAsync().ConfigureAwait(false);
        if (_channel is null || _channel.Completion.IsCompleted)
        {
            return;
        }

        try
        {
            await CallAsync<CloseSessionResponse>(new CloseSessionRequest { DeleteSubscriptions = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (OpcUaServiceException e) when (e.IsTransient)
        {
            // The connection is gone: the server drops the session when it times out.
        }

        await _channel.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the session (waiting at most 2 s for the server) and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed != 0)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await CloseAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException or OperationCanceledException)
        {
            // Best effort: the server drops the session when it times out.
        }

        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopBackgroundWorkAsync().ConfigureAwait(false);
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }

        _security?.Dispose();
        _ownCertificate?.Dispose();
    }

}
