namespace IntegrationHub.Adapters.OpcUa.SecureChannel;

/// <summary>Security policy URIs of Part 7.</summary>
public static class SecurityPolicyUris
{
    /// <summary>No security.</summary>
    public const string None = "http://opcfoundation.org/UA/SecurityPolicy#None";

    /// <summary>Basic256Sha256: RSA 2048-4096, RSA-OAEP (SHA-1), RSA-PKCS#1 v1.5 SHA-256 signatures, AES-256-CBC, HMAC-SHA256.</summary>
    public const string Basic256Sha256 = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256";

    /// <summary>Aes128_Sha256_RsaOaep: RSA 2048-4096, RSA-OAEP (SHA-1), RSA-PKCS#1 v1.5 SHA-256 signatures, AES-128-CBC, HMAC-SHA256.</summary>
    public const string Aes128Sha256RsaOaep = "http://opcfoundation.org/UA/SecurityPolicy#Aes128_Sha256_RsaOaep";

    /// <summary>Aes256_Sha256_RsaPss: RSA 2048-4096, RSA-OAEP-SHA256, RSA-PSS SHA-256 signatures, AES-256-CBC, HMAC-SHA256.</summary>
    public const string Aes256Sha256RsaPss = "http://opcfoundation.org/UA/SecurityPolicy#Aes256_Sha256_RsaPss";

    /// <summary>The Part 7 names of the policies the client implements besides None, strongest first.</summary>
    public static IReadOnlyList<string> ImplementedNames { get; } = [.. Security.SecurityPolicy.All.Select(p => p.Name)];
}
