namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// The StatusCodes of the OPC UA specification (OPCFoundation/UA-Nodeset Schema/StatusCode.csv), with names.
/// </summary>
public static partial class StatusCodes
{
    /// <summary>The operation succeeded.</summary>
    public static readonly StatusCode Good = new(0x00000000);
    /// <summary>Encoding halted because of invalid data in the objects being serialized.</summary>
    public static readonly StatusCode BadEncodingError = new(0x80060000);
    /// <summary>Decoding halted because of invalid data in the stream.</summary>
    public static readonly StatusCode BadDecodingError = new(0x80070000);
    /// <summary>The message encoding/decoding limits imposed by the stack have been exceeded.</summary>
    public static readonly StatusCode BadEncodingLimitsExceeded = new(0x80080000);
    /// <summary>The operation timed out.</summary>
    public static readonly StatusCode BadTimeout = new(0x800A0000);
    /// <summary>A low level communication error occurred.</summary>
    public static readonly StatusCode BadCommunicationError = new(0x80050000);
    /// <summary>The client is not connected to the server.</summary>
    public static readonly StatusCode BadServerNotConnected = new(0x800D0000);
    /// <summary>The certificate is not trusted.</summary>
    public static readonly StatusCode BadCertificateUntrusted = new(0x801A0000);
    /// <summary>The session id is not valid.</summary>
    public static readonly StatusCode BadSessionIdInvalid = new(0x80250000);
    /// <summary>The session was closed by the client.</summary>
    public static readonly StatusCode BadSessionClosed = new(0x80260000);
    /// <summary>The session cannot be used because ActivateSession has not been called.</summary>
    public static readonly StatusCode BadSessionNotActivated = new(0x80270000);
    /// <summary>The subscription id is not valid.</summary>
    public static readonly StatusCode BadSubscriptionIdInvalid = new(0x80280000);
    /// <summary>The node id refers to a node that does not exist in the server address space.</summary>
    public static readonly StatusCode BadNodeIdUnknown = new(0x80340000);
    /// <summary>The access level does not allow writing to the Node.</summary>
    public static readonly StatusCode BadNotWritable = new(0x803B0000);
    /// <summary>The value supplied for the attribute is not of the same type as the attribute's value.</summary>
    public static readonly StatusCode BadTypeMismatch = new(0x80740000);
    /// <summary>There is no subscription available for this session.</summary>
    public static readonly StatusCode BadNoSubscription = new(0x80790000);
    /// <summary>The requested notification message is no longer available.</summary>
    public static readonly StatusCode BadMessageNotAvailable = new(0x807B0000);
    /// <summary>The SecureChannelId and/or TokenId are not currently in use.</summary>
    public static readonly StatusCode BadTcpSecureChannelUnknown = new(0x807F0000);
    /// <summary>The size of the message chunk specified in the header is too large.</summary>
    public static readonly StatusCode BadTcpMessageTooLarge = new(0x80800000);
    /// <summary>The user identity token is valid but the server has rejected it.</summary>
    public static readonly StatusCode BadIdentityTokenRejected = new(0x80210000);
    /// <summary>The user identity token is not valid.</summary>
    public static readonly StatusCode BadIdentityTokenInvalid = new(0x80200000);
    /// <summary>User does not have permission to perform the requested operation.</summary>
    public static readonly StatusCode BadUserAccessDenied = new(0x801F0000);
    /// <summary>The request was cancelled by the client.</summary>
    public static readonly StatusCode BadRequestCancelledByClient = new(0x802C0000);
    /// <summary>The response message size exceeds limits set by the client or server.</summary>
    public static readonly StatusCode BadResponseTooLarge = new(0x80B90000);
    /// <summary>The request message size exceeds limits set by the server.</summary>
    public static readonly StatusCode BadRequestTooLarge = new(0x80B80000);
    /// <summary>The secure channel has been closed.</summary>
    public static readonly StatusCode BadSecureChannelClosed = new(0x80860000);
    /// <summary>The continuation point provided is no longer valid.</summary>
    public static readonly StatusCode BadContinuationPointInvalid = new(0x804A0000);
    /// <summary>The sequence number is unknown to the server.</summary>
    public static readonly StatusCode BadSequenceNumberUnknown = new(0x807A0000);
    /// <summary>The certificate provided as a parameter is not valid.</summary>
    public static readonly StatusCode BadCertificateInvalid = new(0x80120000);
    /// <summary>An error occurred verifying security (a signature, padding, or the certificates of a chunk).</summary>
    public static readonly StatusCode BadSecurityChecksFailed = new(0x80130000);
    /// <summary>The signature generated with the client (or server) certificate is missing or invalid.</summary>
    public static readonly StatusCode BadApplicationSignatureInvalid = new(0x80580000);
    /// <summary>The operation is not permitted over the current secure channel (for example a weaker security mode).</summary>
    public static readonly StatusCode BadSecurityModeInsufficient = new(0x80E60000);
    /// <summary>The security policy is not supported.</summary>
    public static readonly StatusCode BadSecurityPolicyRejected = new(0x80550000);

    /// <summary>The symbolic name of a status code (without info bits), or null when unknown.</summary>
    public static string? NameOf(uint code) => Names.TryGetValue(code, out var name) ? name : null;
}
