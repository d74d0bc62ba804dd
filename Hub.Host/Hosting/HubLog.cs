using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The host's log messages; event ids 1000-1099 are stable for alerting.</summary>
internal static partial class HubLog
{
    [LoggerMessage(1000, LogLevel.Information, "Store ready: {Store}")]
    public static partial void StoreReady(ILogger logger, string store);

    [LoggerMessage(1001, LogLevel.Information, "Loaded {Count} mappings from {Folder}: {Sources}")]
    public static partial void MappingsLoaded(ILogger logger, int count, string folder, string sources);

    [LoggerMessage(1007, LogLevel.Information, "First start on {DataFolder}: created {Folders}, each with a README.md of what goes there")]
    public static partial void DataFolderLaidOut(ILogger logger, string dataFolder, string folders);

    [LoggerMessage(1002, LogLevel.Critical, "The hub cannot start. {Problem}")]
    public static partial void CannotStart(ILogger logger, string problem);

    [LoggerMessage(1003, LogLevel.Warning, "{Source}: {Count} records dead-lettered in {File}")]
    public static partial void DeadLettered(ILogger logger, string source, int count, string file);

    [LoggerMessage(1004, LogLevel.Error, "The file-drop adapter failed; retrying in {Delay}")]
    public static partial void FileDropFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(1005, LogLevel.Information, "Portal token {TokenId} issued for customer {Customer}")]
    public static partial void TokenIssued(ILogger logger, string tokenId, string customer);

    [LoggerMessage(1006, LogLevel.Information, "{Count} portal tokens revoked")]
    public static partial void TokensRevoked(ILogger logger, int count);

    [LoggerMessage(1010, LogLevel.Information, "MQTT telemetry connected to {Host}:{Port} with {Subscriptions} subscriptions")]
    public static partial void MqttConnected(ILogger logger, string host, int port, int subscriptions);

    [LoggerMessage(1011, LogLevel.Warning, "MQTT broker {Host}:{Port} not reachable: {Reason}; retrying in {Delay}")]
    public static partial void MqttConnectFailed(ILogger logger, string host, int port, string reason, TimeSpan delay);

    [LoggerMessage(1250, LogLevel.Warning, "Chat robot message refused: {Reason}")]
    public static partial void ChatMessageRefused(ILogger logger, string reason);

    [LoggerMessage(1200, LogLevel.Warning, "MES server {EndpointUrl} not reachable or refusing the hub: {Reason}; retrying in {Delay}")]
    public static partial void MesConnectFailed(ILogger logger, string endpointUrl, string reason, TimeSpan delay);
}
