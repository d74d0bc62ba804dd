using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>Notification messages for sequence tests: a data message carries one (empty) data change, a keep-alive none.</summary>
internal static class TestNotifications
{
    private static readonly ExtensionObject?[] Data = [new ExtensionObject(new DataChangeNotification([]))];

    public static NotificationMessage Message(uint sequence, bool keepAlive = false) => new(sequence, DateTime.UnixEpoch, keepAlive ? [] : Data);
}
