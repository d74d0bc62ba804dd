using System.Security.Cryptography;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

// CreateSession and ActivateSession (Part 4 5.6.2, 5.6.3), the user identity token, and closing a session that
// could not be activated.
public sealed partial class OpcUaClient
{
    private bool EncryptsPassword(EndpointDescription endpoint)
    {
        if (_options.UserName is null)
        {
            return false;
        }

        return ChooseUserNamePolicy(endpoint) is { } chosen && !IsPlain(chosen.Effective);
    }

    // Part 4 7.42: an empty SecurityPolicyUri on the token policy means the endpoint's policy applies. Of the UserName
    // policies, one whose password this client can encrypt comes first, the strongest of them first; node-opcua, for
    // one, lists a clear-text policy before the encrypted ones when it allows both. A policy naming an unknown
    // security policy comes last, and is refused rather than taken for clear text (UserTokenSecret).
    private static (UserTokenPolicy Policy, string? Effective)? ChooseUserNamePolicy(EndpointDescription endpoint)
    {
        var policies = endpoint.UserIdentityTokens
            .Where(p => p.TokenType == UserTokenType.UserName)
            .Select(p => (Policy: p, Effective: string.IsNullOrEmpty(p.SecurityPolicyUri) ? endpoint.SecurityPolicyUri : p.SecurityPolicyUri))
            .OrderBy(p => SecurityPolicy.Find(p.Effective) is not null ? 0 : IsPlain(p.Effective) ? 1 : 2)
            .ThenByDescending(p => SecurityPolicy.Find(p.Effective)?.Strength ?? 0)
            .ToList();
        return policies.Count == 0 ? null : policies[0];
    }

    private static string PolicyName(string? uri) => SecurityPolicy.Find(uri)?.Name ?? (IsPlain(uri) ? "None" : LogText.Escape(uri));

    // For the log: what keeps the password secret on this endpoint, the token's own encryption or only the channel's.
    private string TokenProtection(EndpointDescription endpoint)
    {
        if (_options.UserName is null)
        {
            return "nothing (anonymous)";
        }

        return ChooseUserNamePolicy(endpoint) is not { } chosen ? "nothing (no user name policy)"
            : !IsPlain(chosen.Effective) ? "token encryption with " + PolicyName(chosen.Effective)
            : endpoint.SecurityMode == MessageSecurityMode.SignAndEncrypt ? "the channel's encryption" : "nothing";
    }

    private static bool IsPlain(string? effectivePolicyUri) => string.IsNullOrEmpty(effectivePolicyUri) || effectivePolicyUri == SecurityPolicyUris.None;

    // Issue 16 item 11: a password the token does not encrypt travels in clear text unless the channel encrypts it.
    // Refused unless the configuration says otherwise, and logged whenever it happens.
    private void CheckPasswordProtection(EndpointDescription endpoint, string? effectivePolicyUri)
    {
        if (!IsPlain(effectivePolicyUri) || endpoint.SecurityMode == MessageSecurityMode.SignAndEncrypt)
        {
            return;
        }

        if (!_options.AllowUnencryptedPassword)
        {
            throw new OpcUaServiceException(StatusCodes.BadSecurityModeInsufficient,
                $"The server's endpoint {_options.EndpointUrl} (security mode {endpoint.SecurityMode}) would receive the password in clear text: "
                + "its user token policy for user names names no security policy. Refused. Use a secured endpoint (SecurityMode Sign or SignAndEncrypt "
                + "with a PKI folder), or set AllowUnencryptedPassword (Hub:Mes:AllowUnencryptedPassword in the hub) to send it unencrypted anyway.");
        }

        OpcUaClientLog.UnencryptedPassword(_options.Logger, _options.EndpointUrl, endpoint.SecurityMode.ToString());
    }

    private async Task CreateAndActivateSessionAsync(CancellationToken cancellationToken)
    {
        _clientNonce = RandomNumberGenerator.GetBytes(32);
        var create = new CreateSessionRequest
        {
            ClientCertificate = _ownCertificate?.RawData,
            ClientDescription = new ApplicationDescription
            {
                ApplicationUri = _options.ApplicationUri,
                ProductUri = "urn:integrationhub",
                ApplicationName = new LocalizedText(null, _options.ApplicationName),
                ApplicationType = 1, // Client
            },
            EndpointUrl = _options.EndpointUrl.OriginalString,
            SessionName = _options.SessionName,
            ClientNonce = _clientNonce,
            RequestedSessionTimeout = _options.SessionTimeout.TotalMilliseconds,
            MaxResponseMessageSize = _options.MaxMessageSize,
        };
        var created = await Channel.SendRequestAsync<CreateSessionResponse>(create, cancellationToken).ConfigureAwait(false);
        CheckServerSignature(created);
        CountSession();
        SessionId = created.SessionId;
        RevisedSessionTimeout = TimeSpan.FromMilliseconds(created.RevisedSessionTimeout);
        _authenticationToken = created.AuthenticationToken;
        _serverNonce = created.ServerNonce;
        _serverCertificate = created.ServerCertificate;
        try
        {
            await ActivateSessionAsync(created.ServerNonce, created.ServerCertificate, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Issue 16 item 10: a session the server created but we could not activate stays on the server until its
            // timeout; every failed reconnect attempt would add one, until the server's session limit locks out its
            // other clients. Part 4 5.6.4: CloseSession with DeleteSubscriptions.
            await CloseUnactivatedSessionAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseUnactivatedSessionAsync()
    {
        var sessionId = SessionId;
        try
        {
            if (_channel is { Completion.IsCompleted: false })
            {
                await CallAsync<CloseSessionResponse>(new CloseSessionRequest { DeleteSubscriptions = true }, CancellationToken.None, _options.RequestTimeout).ConfigureAwait(false);
                OpcUaClientLog.UnactivatedSessionClosed(_options.Logger, _options.EndpointUrl, sessionId.ToString());
            }
        }
        catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection went too: the server drops the session when it times out.
        }
        finally
        {
            _authenticationToken = NodeId.Null;
            SessionId = NodeId.Null;
        }
    }

    private async Task ActivateSessionAsync(byte[]? serverNonce, byte[]? serverCertificate, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint!;
        IEncodeable token;
        if (_options.UserName is null)
        {
            var policy = endpoint.UserIdentityTokens.FirstOrDefault(p => p.TokenType == UserTokenType.Anonymous)
                ?? throw new OpcUaServiceException(StatusCodes.BadIdentityTokenRejected, "The endpoint does not accept anonymous users; set UserName and Password.");
            token = new AnonymousIdentityToken(policy.PolicyId);
        }
        else
        {
            var (policy, effective) = ChooseUserNamePolicy(endpoint)
                ?? throw new OpcUaServiceException(StatusCodes.BadIdentityTokenRejected, "The endpoint does not accept user names.");
            CheckPasswordProtection(endpoint, effective);
            token = UserTokenSecret.Create(policy, effective, _options.UserName, _options.Password ?? string.Empty,
                serverCertificate ?? endpoint.ServerCertificate, serverNonce);
        }

        var activate = new ActivateSessionRequest { UserIdentityToken = token, ClientSignature = ClientSignature(serverCertificate, serverNonce) };
        var activated = await CallAsync<ActivateSessionResponse>(activate, cancellationToken).ConfigureAwait(false);
        _serverNonce = activated.ServerNonce ?? _serverNonce; // the next activation (after a reconnect) uses the latest nonce
    }

    // Part 4 5.6.2: on a secured channel the server proves it holds its key by signing our certificate and nonce,
    // and the certificate it names must be the one the channel was opened with.
    private void CheckServerSignature(CreateSessionResponse created)
    {
        if (_security is null)
        {
            return;
        }

        if (created.ServerCertificate is null || !CertificateChain.First(created.ServerCertificate).AsSpan().SequenceEqual(_security.ServerCertificate))
        {
            throw new OpcUaServiceException(StatusCodes.BadCertificateInvalid, "The server's certificate in CreateSession differs from the one of its endpoint.");
        }

        var signature = created.ServerSignature.Signature;
        if (signature is null || !_security.VerifyServerSignature([.. _security.OwnCertificate, .. _clientNonce!], signature))
        {
            throw new OpcUaServiceException(StatusCodes.BadApplicationSignatureInvalid, "The server's CreateSession signature over the client certificate and nonce is missing or wrong.");
        }
    }

    // Part 4 5.6.3: the client signs the server's certificate and its latest nonce with its own key.
    private SignatureData ClientSignature(byte[]? serverCertificate, byte[]? serverNonce)
    {
        if (_security is null)
        {
            return SignatureData.Empty;
        }

        byte[] data = [.. serverCertificate ?? [], .. serverNonce ?? []];
        return new SignatureData(_security.Policy.AsymmetricSignatureAlgorithmUri, _security.Sign(data));
    }
}
