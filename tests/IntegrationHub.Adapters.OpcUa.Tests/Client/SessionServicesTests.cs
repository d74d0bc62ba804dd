using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

[Collection(MesServerCollection.Name)]
public sealed class SessionServicesTests(MesOpcUaServerFixture fixture)
{
    private readonly CancellationToken _ct = TestTimeout.Token();
    private MesOpcUaServer Server => fixture.Server;

    private Task<OpcUaClient> ConnectAsync(Func<OpcUaClientOptions, OpcUaClientOptions>? configure = null)
    {
        var options = new OpcUaClientOptions { EndpointUrl = Server.EndpointUrl, RequestTimeout = TimeSpan.FromSeconds(10) };
        return OpcUaClient.ConnectAsync(configure is null ? options : configure(options), _ct);
    }

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    [Fact]
    public async Task Connect_Anonymous_NamespaceTableHasSimulatorUri()
    {
        await using var client = await ConnectAsync();
        Assert.Equal("http://opcfoundation.org/UA/", client.Namespaces.Uris[0]);
        Assert.True(client.Namespaces.IndexOf(MesOpcUaServer.NamespaceUri) > 0);
        Assert.False(client.SessionId.IsNull);
        await client.CloseAsync(_ct);
    }

    [Fact]
    public async Task GetEndpoints_Simulator_NoneAndBasic256Sha256SignAndEncrypt()
    {
        await using var client = await ConnectAsync();
        var endpoints = await client.GetEndpointsAsync(_ct);
        Assert.Contains(endpoints, e => e.SecurityMode == MessageSecurityMode.None && e.SecurityPolicyUri == SecurityPolicyUris.None);
        Assert.Contains(endpoints, e => e.SecurityMode == MessageSecurityMode.SignAndEncrypt && e.SecurityPolicyUri == SecurityPolicyUris.Basic256Sha256);
        Assert.All(endpoints, e => Assert.NotNull(e.ServerCertificate));
        // On the None endpoint node-opcua asks for the password to be encrypted with Basic256Sha256 (RSA-OAEP with the
        // server certificate), so Connect_UserNamePassword_SessionActivated exercises the encrypted secret.
        var none = endpoints.Single(e => e.SecurityMode == MessageSecurityMode.None);
        Assert.Contains(none.UserIdentityTokens, t => t.TokenType == UserTokenType.UserName && t.SecurityPolicyUri == SecurityPolicyUris.Basic256Sha256);
    }

    [Fact]
    public async Task ReadValue_ByNamespaceUri_WorkOrderAndQuantities()
    {
        await using var client = await ConnectAsync();
        var workOrder = await client.ReadValueAsync(Mes("Line1.CurrentWorkOrder.WorkOrderNumber"), _ct);
        var salesOrder = await client.ReadValueAsync(Mes("Line1.CurrentWorkOrder.SalesOrderNumber"), _ct);
        var planned = await client.ReadValueAsync(Mes("Line1.CurrentWorkOrder.QuantityPlanned"), _ct);
        Assert.True(workOrder.Status.IsGood, workOrder.Status.ToString());
        Assert.StartsWith("WO-", (string)workOrder.Value.Value!, StringComparison.Ordinal);
        Assert.StartsWith("SO-", (string)salesOrder.Value.Value!, StringComparison.Ordinal);
        Assert.Equal(BuiltInType.UInt32, planned.Value.Type);
        Assert.NotNull(workOrder.ServerTimestamp);
    }

    [Fact]
    public async Task Read_UnknownNode_StatusNamedBadNodeIdUnknown()
    {
        await using var client = await ConnectAsync();
        var value = await client.ReadValueAsync(Mes("No.Such.Node"), _ct);
        Assert.Equal("BadNodeIdUnknown", value.Status.Name);
    }

    [Fact]
    public async Task Read_UnknownNamespaceUri_ClearError()
    {
        await using var client = await ConnectAsync();
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => client.ReadValueAsync(ExpandedNodeId.Parse("nsu=urn:nope;s=X"), _ct));
        Assert.Contains("urn:nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_Matrix_DimensionsAndValues()
    {
        await using var client = await ConnectAsync();
        var value = await client.ReadValueAsync(Mes("Test.Matrix"), _ct);
        Assert.True(value.Value.IsArray);
        Assert.Equal(new[] { 2, 3 }, value.Value.ArrayDimensions);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, (int[])value.Value.Value!);
    }

    [Fact]
    public async Task Read_SeveralAttributes_BrowseNameAndDisplayName()
    {
        await using var client = await ConnectAsync();
        var id = client.Namespaces.ToNodeId(Mes("Line1.Machine1.State"));
        var values = await client.ReadAsync([new ReadValueId(id, Attributes.BrowseName), new ReadValueId(id, Attributes.DisplayName), new ReadValueId(id, Attributes.NodeClass)], _ct);
        Assert.Equal("State", ((QualifiedName)values[0].Value.Value!).Name);
        Assert.Equal("State", ((LocalizedText)values[1].Value.Value!).Text);
        Assert.Equal((int)NodeClass.Variable, values[2].Value.Value);
    }

    [Fact]
    public async Task Write_Int32AndStringArray_ReadBack()
    {
        await using var client = await ConnectAsync();
        var intNode = client.Namespaces.ToNodeId(Mes("Test.Int32"));
        var arrayNode = client.Namespaces.ToNodeId(Mes("Test.StringArray"));
        Assert.True((await client.WriteValueAsync(intNode, 1234, _ct)).IsGood);
        Assert.True((await client.WriteValueAsync(arrayNode, new Variant(BuiltInType.String, new string?[] { "x", "yz", "水" }), _ct)).IsGood);
        Assert.Equal(1234, (await client.ReadValueAsync(intNode, _ct)).Value.Value);
        Assert.Equal(new string?[] { "x", "yz", "水" }, (string?[])(await client.ReadValueAsync(arrayNode, _ct)).Value.Value!);
    }

    [Fact]
    public async Task Write_WrongType_BadTypeMismatch()
    {
        await using var client = await ConnectAsync();
        var status = await client.WriteValueAsync(client.Namespaces.ToNodeId(Mes("Test.Int32")), "not a number", _ct);
        Assert.Equal("BadTypeMismatch", status.Name);
    }

    [Fact]
    public async Task Write_ReadOnlyNode_BadNotWritable()
    {
        await using var client = await ConnectAsync();
        var status = await client.WriteValueAsync(client.Namespaces.ToNodeId(Mes("Line1.Machine1.State")), "Stopped", _ct);
        Assert.Equal("BadNotWritable", status.Name);
    }

    [Fact]
    public async Task Browse_ObjectsFolder_FindsMesAndTest()
    {
        await using var client = await ConnectAsync();
        var references = await client.BrowseAllAsync(new BrowseDescription(WellKnownNodeIds.ObjectsFolder), _ct);
        Assert.Contains(references, r => r.BrowseName.Name == "MES" && r.NodeClass == NodeClass.Object);
        Assert.Contains(references, r => r.BrowseName.Name == "Server");
    }

    [Fact]
    public async Task BrowseNext_25Children10PerCall_AllReturnedThroughContinuationPoints()
    {
        await using var client = await ConnectAsync();
        var many = new BrowseDescription(client.Namespaces.ToNodeId(Mes("Test.Many"))) { ReferenceTypeId = WellKnownNodeIds.HasComponent };
        var first = (await client.BrowseAsync([many], _ct, maxReferencesPerNode: 10))[0];
        Assert.Equal(10, first.References.Count);
        Assert.NotNull(first.ContinuationPoint);
        var all = await client.BrowseAllAsync(many, _ct, maxReferencesPerCall: 10);
        Assert.Equal(25, all.Count);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"Item{i:00}"), all.Select(r => r.BrowseName.Name).Order(StringComparer.Ordinal));
        // Releasing the first call's continuation point is accepted.
        var released = await client.BrowseNextAsync([first.ContinuationPoint!], release: true, _ct);
        Assert.Single(released);
    }

    [Fact]
    public async Task BrowseNext_InvalidContinuationPoint_BadContinuationPointInvalid()
    {
        await using var client = await ConnectAsync();
        var result = (await client.BrowseNextAsync([[1, 2, 3, 4]], release: false, _ct))[0];
        Assert.Equal("BadContinuationPointInvalid", result.StatusCode.Name);
    }

    [Fact]
    public async Task ResolveBrowsePath_ByNamespaceUriAndNames_NodeOfQuantityDone()
    {
        await using var client = await ConnectAsync();
        var ns = MesOpcUaServer.NamespaceUri;
        var id = await client.ResolveBrowsePathAsync(
            [new(ns, "MES"), new(ns, "Line2"), new(ns, "CurrentWorkOrder"), new(ns, "QuantityDone")], _ct);
        Assert.Equal(client.Namespaces.ToNodeId(Mes("Line2.CurrentWorkOrder.QuantityDone")), id);
    }

    [Fact]
    public async Task ResolveBrowsePath_NoSuchName_ErrorWithStatusName()
    {
        await using var client = await ConnectAsync();
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() =>
            client.ResolveBrowsePathAsync([new(MesOpcUaServer.NamespaceUri, "MES"), new(MesOpcUaServer.NamespaceUri, "Line9")], _ct));
        Assert.Contains("BadNoMatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_UserNamePassword_SessionActivated()
    {
        await using var client = await ConnectAsync(o => o with { UserName = Server.UserName, Password = Server.Password });
        var value = await client.ReadValueAsync(Mes("Line1.Machine1.State"), _ct);
        Assert.True(value.Status.IsGood);
        await client.CloseAsync(_ct);
    }

    [Fact]
    public async Task Connect_WrongPassword_RejectedNotTransient()
    {
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => ConnectAsync(o => o with { UserName = Server.UserName, Password = "wrong" }));
        Assert.True(ex.StatusCode.IsBad);
        Assert.False(ex.IsTransient);
        Assert.Contains("ActivateSession", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAndRead_200KBString_ChunkedBothWaysWith8KBuffers()
    {
        await using var client = await ConnectAsync(o => o with { BufferSize = 8192 });
        Assert.Equal(8192, client.Channel.SendChunkSize);
        var node = client.Namespaces.ToNodeId(Mes("Test.String"));
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + "abcdefghi"));
        Assert.True((await client.WriteValueAsync(node, text, _ct)).IsGood);
        Assert.Equal(text, (await client.ReadValueAsync(node, _ct)).Value.Value);
    }

    [Fact]
    public async Task Read_ResponseOverMaxMessageSize_BadResponseTooLargeAndChannelStillUsable()
    {
        await using (var writer = await ConnectAsync())
        {
            var id = writer.Namespaces.ToNodeId(Mes("Test.ByteString"));
            Assert.True((await writer.WriteValueAsync(id, new Variant(BuiltInType.ByteString, new byte[40_000]), _ct)).IsGood);
        }

        // node-opcua's Acknowledge echoes the client's MaxMessageSize, so this client can neither send nor receive 40 KB.
        await using var client = await ConnectAsync(o => o with { BufferSize = 8192, MaxMessageSize = 16_384 });
        var node = client.Namespaces.ToNodeId(Mes("Test.ByteString"));
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => client.ReadValueAsync(node, _ct));
        // node-opcua checks our limit itself and aborts the response (Abort chunk) with BadTcpMessageTooLarge.
        Assert.Contains(ex.StatusCode.Name, new[] { "BadResponseTooLarge", "BadTcpMessageTooLarge" });
        Assert.True((await client.WriteValueAsync(node, new Variant(BuiltInType.ByteString, new byte[] { 1 }), _ct)).IsGood);
        var tooLarge = await Assert.ThrowsAsync<OpcUaServiceException>(() => client.WriteValueAsync(node, new Variant(BuiltInType.ByteString, new byte[40_000]), _ct));
        Assert.Equal("BadRequestTooLarge", tooLarge.StatusCode.Name);
    }
}
