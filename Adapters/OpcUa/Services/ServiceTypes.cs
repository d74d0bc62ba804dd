using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Decoders by the numeric id of the "Default Binary" encoding in namespace 0 (UA-Nodeset Schema/NodeIds.csv):
/// service responses, and the structures the client decodes from ExtensionObject bodies.
/// </summary>
internal static class ServiceTypes
{
    public static readonly Dictionary<uint, Func<BinaryDecoder, IServiceResponse>> Responses = new()
    {
        [ServiceFault.EncodingId] = ServiceFault.Decode,
        [OpenSecureChannelResponse.EncodingId] = OpenSecureChannelResponse.Decode,
        [GetEndpointsResponse.EncodingId] = GetEndpointsResponse.Decode,
        [CreateSessionResponse.EncodingId] = CreateSessionResponse.Decode,
        [ActivateSessionResponse.EncodingId] = ActivateSessionResponse.Decode,
        [CloseSessionResponse.EncodingId] = CloseSessionResponse.Decode,
        [ReadResponse.EncodingId] = ReadResponse.Decode,
        [WriteResponse.EncodingId] = WriteResponse.Decode,
        [BrowseResponse.EncodingId] = BrowseResponse.Decode,
        [BrowseResponse.NextEncodingId] = BrowseResponse.Decode,
        [TranslateBrowsePathsResponse.EncodingId] = TranslateBrowsePathsResponse.Decode,
        [CreateSubscriptionResponse.EncodingId] = CreateSubscriptionResponse.Decode,
        [CreateMonitoredItemsResponse.EncodingId] = CreateMonitoredItemsResponse.Decode,
        [PublishResponse.EncodingId] = PublishResponse.Decode,
        [RepublishResponse.EncodingId] = RepublishResponse.Decode,
        [StatusCodesResponse.DeleteSubscriptionsEncodingId] = StatusCodesResponse.Decode,
        [TransferSubscriptionsResponse.EncodingId] = TransferSubscriptionsResponse.Decode,
        [CallResponse.EncodingId] = CallResponse.Decode,
        [HistoryReadResponse.EncodingId] = HistoryReadResponse.Decode,
    };

    public static Dictionary<uint, Func<BinaryDecoder, IEncodeable>> CreateExtensionObjectDecoders() => new()
    {
        [DataChangeNotification.EncodingId] = DataChangeNotification.Decode,
        [StatusChangeNotification.EncodingId] = StatusChangeNotification.Decode,
        [HistoryData.EncodingId] = HistoryData.Decode,
        [EventNotificationList.EncodingId] = EventNotificationList.Decode,
        [EventFilterResult.EncodingId] = EventFilterResult.Decode,
    };
}
