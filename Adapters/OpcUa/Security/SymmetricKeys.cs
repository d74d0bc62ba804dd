namespace IntegrationHub.Adapters.OpcUa.Security;

/// <summary>One side's symmetric keys of a secure channel token (Part 6 6.7.6).</summary>
internal sealed record SymmetricKeys(byte[] SigningKey, byte[] EncryptingKey, byte[] InitializationVector)
{
    /// <summary>
    /// Derives the keys one side uses to protect what it sends: the client's from secret = ServerNonce and
    /// seed = ClientNonce, the server's from secret = ClientNonce and seed = ServerNonce (Part 6 Table 65/66).
    /// </summary>
    public static SymmetricKeys Derive(SecurityPolicy policy, byte[] secret, byte[] seed)
    {
        var material = PseudoRandomFunction.PSha256(secret, seed,
            policy.DerivedSignatureKeyLength + policy.EncryptionKeyLength + policy.EncryptionBlockSize);
        var signing = material.AsSpan(0, policy.DerivedSignatureKeyLength).ToArray();
        var encrypting = material.AsSpan(policy.DerivedSignatureKeyLength, policy.EncryptionKeyLength).ToArray();
        var iv = material.AsSpan(policy.DerivedSignatureKeyLength + policy.EncryptionKeyLength, policy.EncryptionBlockSize).ToArray();
        return new SymmetricKeys(signing, encrypting, iv);
    }
}
