namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>TLS to the broker.</summary>
internal sealed record MqttTlsSettings
{
    public bool Enabled { get; init; }

    /// <summary>A PEM file of the CA that signed the broker's certificate, when it is not in the system's store.</summary>
    public string? CaFile { get; init; }

    /// <summary>Accepts a broker certificate that fails validation: for tests only, never in production.</summary>
    public bool AllowUntrustedCertificates { get; init; }
}
