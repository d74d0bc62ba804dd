using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Mes;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

public sealed class NodeReferenceTests
{
    [Fact]
    public void Parse_NamespaceUriForm_KeepsTheUriAndIdentifier()
    {
        var reference = NodeReference.Parse(" nsu=urn:plant:mes;s=Line1.WO.Number ");

        Assert.Null(reference.BrowsePath);
        Assert.Equal("urn:plant:mes", reference.NodeId!.NamespaceUri);
        Assert.Equal("Line1.WO.Number", reference.NodeId.NodeId.Identifier);
        Assert.Equal("nsu=urn:plant:mes;s=Line1.WO.Number", reference.ToString());
    }

    [Fact]
    public void Parse_BrowsePath_EveryNameInTheGivenNamespace()
    {
        var reference = NodeReference.Parse("path=urn:plant:mes|MES/Line1/ Machine1 /State");

        Assert.Null(reference.NodeId);
        Assert.Equal(
            new[] { "MES", "Line1", "Machine1", "State" }.Select(n => new BrowsePathElement("urn:plant:mes", n)),
            reference.BrowsePath!);
    }

    [Theory]
    [InlineData("ns=2;s=Line1.State", "by index")]
    [InlineData("svr=0;ns=2;i=5", "by index")]
    [InlineData("Line1.State", "not a node reference")]
    [InlineData("path=MES/Line1/State", "not a browse path")]
    [InlineData("path=urn:plant:mes|", "not a browse path")]
    [InlineData("path=urn:plant:mes|MES//State", "empty browse name")]
    [InlineData("nsu=urn:plant:mes;q=7", "not a valid node id")]
    public void Parse_BadReference_MessageQuotesItAndSaysWhatIsWrong(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => NodeReference.Parse(text));

        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
