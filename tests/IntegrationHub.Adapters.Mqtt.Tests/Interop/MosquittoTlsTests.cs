using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Transport;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>TLS against mosquitto with a CA, server and client certificates made for the test.</summary>
public sealed class MosquittoTlsTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private MosquittoBroker _mutualBroker = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = true });
        _mutualBroker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = true, RequireClientCertificate = true });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _mutualBroker.DisposeAsync();
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Tls_TrustedCa_PublishAndReceive(MqttProtocolVersion version)
    {
        var collector = new MessageCollector();
        MqttClientOptions options = TlsOptions(_broker, new MqttTlsOptions { CaFile = _broker.Certificates!.CaFile }, version);
        await using MqttClient client = await TestClients.ConnectAsync(options, collector);
        await client.SubscribeAsync("tls/#", MqttQualityOfService.ExactlyOnce);
        await client.PublishAsync(new MqttApplicationMessage("tls/x", "over tls"u8.ToArray(), MqttQualityOfService.ExactlyOnce));
        await collector.WaitForCountAsync(1);
        Assert.Equal("over tls", Encoding.UTF8.GetString(collector.Messages[0].Payload.Span));
    }

    [Fact]
    public async Task Tls_UntrustedBroker_RefusedWithAHelpfulNonTransientError()
    {
        MqttClientOptions options = TlsOptions(_broker, new MqttTlsOptions { CaFile = _broker.Certificates!.OtherCaFile }, MqttProtocolVersion.V500);
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        MqttCommunicationException ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => client.ConnectAsync());
        Assert.False(ex.IsTransient);
        Assert.Contains("not trusted", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Tls.CaFile", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AllowUntrustedCertificates", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_NameMismatch_Refused()
    {
        MqttClientOptions options = TlsOptions(_broker, new MqttTlsOptions { CaFile = _broker.Certificates!.CaFile, ServerName = "broker.example" }, MqttProtocolVersion.V500);
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        MqttCommunicationException ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => client.ConnectAsync());
        Assert.Contains("does not match 'broker.example'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_ExplicitOptOut_AcceptsAnUntrustedBroker()
    {
        MqttClientOptions options = TlsOptions(_broker, new MqttTlsOptions { AllowUntrustedCertificates = true, ServerName = "whatever" }, MqttProtocolVersion.V311);
        await using MqttClient client = await TestClients.ConnectAsync(options);
        Assert.Equal(MqttClientState.Connected, client.Health.State);
    }

    [Fact]
    public async Task Tls_ClientCertificateRequired_ConnectsWithItAndFailsWithout()
    {
        TestCertificates certificates = _mutualBroker.Certificates!;
        MqttClientOptions with = TlsOptions(_mutualBroker, new MqttTlsOptions
        {
            CaFile = certificates.CaFile,
            ClientCertificateFile = certificates.ClientCertFile,
            ClientKeyFile = certificates.ClientKeyFile,
        }, MqttProtocolVersion.V500);
        await using (MqttClient client = await TestClients.ConnectAsync(with))
        {
            Assert.Equal(MqttClientState.Connected, client.Health.State);
        }

        MqttClientOptions without = TlsOptions(_mutualBroker, new MqttTlsOptions { CaFile = certificates.CaFile }, MqttProtocolVersion.V500);
        await using var refused = new MqttClient(without, (_, _) => ValueTask.CompletedTask);
        await Assert.ThrowsAsync<MqttCommunicationException>(() => refused.ConnectAsync());
    }

    private static MqttClientOptions TlsOptions(MosquittoBroker broker, MqttTlsOptions tls, MqttProtocolVersion version)
        => TestClients.Options(broker.TlsPort!.Value, version) with { Host = "localhost", Tls = tls };
}
