using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Transport;

/// <summary>Opens the byte stream to the broker: TCP, optionally wrapped in TLS.</summary>
internal static class MqttTransport
{
    public static async Task<Stream> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new MqttCommunicationException($"Cannot connect to the MQTT broker at {options.Host}:{options.Port}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        if (options.Tls is not { } tls)
        {
            return network;
        }

        string serverName = tls.ServerName ?? options.Host;
        X509Certificate2Collection? trusted = tls.CaFile is null ? null : LoadCaFile(tls.CaFile);
        SslPolicyErrors seen = SslPolicyErrors.None;
        string chainProblem = string.Empty;
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (tls.AllowUntrustedCertificates)
                {
                    return true;
                }

                if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 && trusted is not null && certificate is not null)
                {
                    // Re-build the chain against the configured CA only; name errors stay as the platform found them.
                    using var custom = new X509Chain();
                    custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
                    custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    if (chain is not null)
                    {
                        custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
                    }

                    using X509Certificate2 leaf = new(certificate);
                    if (custom.Build(leaf))
                    {
                        errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
                    }
                    else
                    {
                        chainProblem = string.Join("; ", custom.ChainStatus.Select(s => s.StatusInformation.Trim()));
                    }
                }

                seen = errors;
                return errors == SslPolicyErrors.None;
            },
        };
        if (tls.ClientCertificateFile is not null)
        {
            authentication.ClientCertificates = [LoadClientCertificate(tls)];
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (seen != SslPolicyErrors.None)
            {
                string detail = (seen & SslPolicyErrors.RemoteCertificateNameMismatch) != 0
                    ? $"its name does not match '{serverName}' (set Tls.ServerName to the name in the certificate)"
                    : "it is not trusted" + (chainProblem.Length > 0 ? " (" + chainProblem + ")" : string.Empty) + " (set Tls.CaFile to the CA that signed it)";
                throw new MqttCommunicationException(
                    $"The MQTT broker's TLS certificate at {options.Host}:{options.Port} was refused: {detail}, or set Tls.AllowUntrustedCertificates = true to accept any certificate (insecure).",
                    isTransient: false,
                    ex);
            }

            throw new MqttCommunicationException($"TLS handshake with the MQTT broker at {options.Host}:{options.Port} failed: {ex.Message}", isTransient: false, ex);
        }
        catch (IOException ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new MqttCommunicationException($"TLS handshake with the MQTT broker at {options.Host}:{options.Port} failed: {ex.Message}", ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static X509Certificate2Collection LoadCaFile(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        if (collection.Count == 0)
        {
            throw new MqttCommunicationException($"Tls.CaFile '{path}' holds no PEM certificate.", isTransient: false);
        }

        return collection;
    }

    private static X509Certificate2 LoadClientCertificate(MqttTlsOptions tls)
    {
        string path = tls.ClientCertificateFile!;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, tls.ClientCertificatePassword);
        }

        // A PEM key is ephemeral; round-trip through PKCS#12 so that SslStream can use it on every platform.
        using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(path, tls.ClientKeyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
