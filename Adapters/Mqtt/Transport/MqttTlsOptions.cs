namespace IntegrationHub.Adapters.Mqtt.Transport;

/// <summary>TLS for the broker connection (SslStream). The broker certificate must chain to a trusted root and match the server name unless <see cref="AllowUntrustedCertificates"/> says otherwise.</summary>
public sealed record MqttTlsOptions
{
    /// <summary>Gets a PEM file of CA certificates to trust for the broker (in addition to the system store). <value>The default value is null (system store only).</value></summary>
    public string? CaFile { get; init; }

    /// <summary>Gets the client certificate: a PEM file (with <see cref="ClientKeyFile"/>) or a PKCS#12 file (.pfx/.p12). <value>The default value is null.</value></summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>Gets the PEM private key of the client certificate. <value>The default value is null.</value></summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Gets the password of a PKCS#12 client certificate. <value>The default value is null.</value></summary>
    public string? ClientCertificatePassword { get; init; }

    /// <summary>Gets the name checked against the broker certificate (and sent as SNI). <value>The default value is null: the connection's host.</value></summary>
    public string? ServerName { get; init; }

    /// <summary>Gets whether any broker certificate is accepted, unchecked. Insecure: for tests and explicit opt-out only. <value>The default value is false.</value></summary>
    public bool AllowUntrustedCertificates { get; init; }
}
