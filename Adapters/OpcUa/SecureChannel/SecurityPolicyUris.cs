namespace IntegrationHub.Adapters.OpcUa.SecureChannel;

/// <summary>Security policy URIs of Part 7.</summary>
public static class SecurityPolicyUris
{
    /// <summary>No security.</summary>
    public const string None = "http://opcfoundation.org/UA/SecurityPolicy#None";

    /// <summary>Basic256Sha256: RSA 2048-4096, RSA-OAEP (SHA-1), RSA-PKCS#1 v1.5 SHA-256 signatures, AES-256-CBC, HMAC-SHA256.</summary>
    public const string Basic256Sha256 = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256";
}
