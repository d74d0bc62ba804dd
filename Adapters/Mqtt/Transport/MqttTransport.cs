using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Transport;

/// <summary>Opens the byte stream to the broker: TCP, optionally wrapped in TLS.</summary>
internal static class MqttTransport
{
    public static async Task<MqttLink> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        Socket socket = await ConnectSocketAsync(options, cancellationToken).ConfigureAwait(false);
        var network = new NetworkStream(socket, ownsSocket: true);
        if (options.Tls is null)
        {
            return new MqttLink(socket, network);
        }

        try
        {
            Stream ssl = await AuthenticateAsync(options, options.Tls, socket, network, cancellationToken).ConfigureAwait(false);
            return new MqttLink(socket, ssl);
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Connects with a blocking connect on a worker thread: any non-blocking or asynchronous call would switch the
    /// socket to non-blocking for good (the runtime then only emulates blocking). A cancelled connect is aborted by
    /// shutting the socket down, which on Linux also ends a connect still waiting for the peer.
    /// </summary>
    private static async Task<Socket> ConnectSocketAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(options.Host, out IPAddress? literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(options.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new MqttCommunicationException($"Cannot connect to the MQTT broker at {options.Host}:{options.Port}: {ex.Message}", ex);
        }

        return await Task.Run(
            () =>
            {
                SocketException? last = null;
                foreach (IPAddress address in addresses)
                {
                    var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        using (cancellationToken.UnsafeRegister(static state => MqttLink.Shutdown((Socket)state!), socket))
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            socket.Connect(new IPEndPoint(address, options.Port));
                        }

                        cancellationToken.ThrowIfCancellationRequested();
                        return socket;
                    }
                    catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        socket.Dispose();
                        last = ex;
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                        socket.Dispose();
                        throw new OperationCanceledException(cancellationToken);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                }

                string reason = last?.Message ?? "the host name resolved to no address";
                throw new MqttCommunicationException($"Cannot connect to the MQTT broker at {options.Host}:{options.Port}: {reason}", isTransient: true, last);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Stream> AuthenticateAsync(MqttClientOptions options, MqttTlsOptions tls, Socket socket, NetworkStream network, CancellationToken cancellationToken)
    {
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
            // Synchronous, for the reason on MqttLink; a cancelled connect shuts the socket down under the handshake.
            using (cancellationToken.UnsafeRegister(static state => MqttLink.Shutdown((Socket)state!), socket))
            {
                await Task.Run(() => ssl.AuthenticateAsClient(authentication), cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
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
        catch (Exception ex) when (ex is IOException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new OperationCanceledException(cancellationToken);
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
