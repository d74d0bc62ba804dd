namespace IntegrationHub.Hub.Host.Modules.Mqtt;

/// <summary>TLS to the broker (section <c>Hub:Mqtt:Tls</c>).</summary>
internal sealed record MqttTlsSettings
{
    /// <summary>
    /// Connects to the broker over TLS, checking its certificate against the system's store or <see cref="CaFile"/>.
    /// While off, the connection is plain TCP and the other <c>Hub:Mqtt:Tls</c> settings are not used (their files
    /// must still exist).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Enabled { get; init; }

    /// <summary>A PEM file of the CA that signed the broker's certificate, when it is not in the system's store.</summary>
    public string? CaFile { get; init; }

    /// <summary>The hub's own certificate, for a broker that asks for one: a PEM file with <see cref="ClientKeyFile"/>, or a PKCS#12 file.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>The PEM private key of <see cref="ClientCertificateFile"/>; none for a PKCS#12 file, which holds its key.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>The password of a PKCS#12 file: from the environment (<c>Hub__Mqtt__Tls__ClientCertificatePassword</c>), not a file.</summary>
    public string? ClientCertificatePassword { get; init; }

    /// <summary>The name the broker's certificate must carry, when it differs from <c>Hub:Mqtt:Host</c> (for example a broker reached by address).</summary>
    public string? ServerName { get; init; }

    /// <summary>Accepts a broker certificate that fails validation: for tests only, never in production.</summary>
    public bool AllowUntrustedCertificates { get; init; }
}
