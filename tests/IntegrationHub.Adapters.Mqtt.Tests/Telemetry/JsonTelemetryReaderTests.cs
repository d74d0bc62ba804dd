using System.Text;
using IntegrationHub.Adapters.Mqtt.Telemetry;

namespace IntegrationHub.Adapters.Mqtt.Tests.Telemetry;

public class JsonTelemetryReaderTests
{
    [Fact]
    public void Read_Single_FlattensNestedObjects()
    {
        var readings = new JsonTelemetryReader(ReadingsShape.Single, null)
            .Read(Bytes("""{"metric":"temp","value":71.25,"unit":"°C","meta":{"line":"L1","ok":true},"tags":[1,2]}"""));

        var fields = Assert.Single(readings);
        Assert.Equal("temp", fields["metric"]);
        Assert.Equal("71.25", fields["value"]);
        Assert.Equal("°C", fields["unit"]);
        Assert.Equal("L1", fields["meta.line"]);
        Assert.Equal("true", fields["meta.ok"]);
        Assert.False(fields.ContainsKey("tags"));
    }

    [Fact]
    public void Read_Array_SharesMessageFieldsAndLetsReadingsWin()
    {
        var readings = new JsonTelemetryReader(ReadingsShape.Array, "readings").Read(Bytes("""
            {"ts":"2025-10-22T08:00:00Z","unit":"?","readings":[{"metric":"temp","value":71.2,"unit":"°C"},{"metric":"rpm","value":1200}]}
            """));

        Assert.Equal(2, readings.Count);
        Assert.Equal(("temp", "71.2", "°C", "2025-10-22T08:00:00Z"), (readings[0]["metric"], readings[0]["value"], readings[0]["unit"], readings[0]["ts"]));
        Assert.Equal(("rpm", "1200", "?"), (readings[1]["metric"], readings[1]["value"], readings[1]["unit"]));
        Assert.False(readings[0].ContainsKey("readings"));
    }

    [Fact]
    public void Read_Map_EachPropertyIsAReading()
    {
        var readings = new JsonTelemetryReader(ReadingsShape.Map, "data.values").Read(Bytes("""
            {"ts":1761120000000,"data":{"values":{"temp":71.2,"spindle":{"value":1200,"unit":"rpm"},"alarm":false}}}
            """));

        Assert.Equal(["temp", "spindle", "alarm"], readings.Select(r => r["metric"]));
        Assert.Equal("71.2", readings[0]["value"]);
        Assert.Equal(("1200", "rpm"), (readings[1]["value"], readings[1]["unit"]));
        Assert.Equal("false", readings[2]["value"]);
        Assert.All(readings, r => Assert.Equal("1761120000000", r["ts"]));
    }

    [Theory]
    [InlineData("""{"metric":"temp","value":7""", "not valid JSON")]
    [InlineData("""[1,2]""", "a JSON array; a JSON object was expected")]
    [InlineData("""{"readings":{"a":1}}""", "'readings' is a JSON object; an array")]
    [InlineData("""{"readings":[1]}""", "'readings[0]' is a JSON number")]
    [InlineData("""{"values":[]}""", "has no 'readings'")]
    public void Read_BadPayload_SaysWhatAndWhere(string payload, string expected)
    {
        var ex = Assert.Throws<TelemetryPayloadException>(() => new JsonTelemetryReader(ReadingsShape.Array, "readings").Read(Bytes(payload)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooManyReadings_Refused()
    {
        var payload = "{\"readings\":[" + string.Join(',', Enumerable.Repeat("{\"v\":1}", 11)) + "]}";

        var ex = Assert.Throws<TelemetryPayloadException>(() => new JsonTelemetryReader(ReadingsShape.Array, "readings", maxReadings: 10).Read(Bytes(payload)));

        Assert.Contains("more than 10 readings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DeeplyNested_RefusedNotCrashed()
    {
        var payload = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);

        Assert.Throws<TelemetryPayloadException>(() => new JsonTelemetryReader(ReadingsShape.Single, null).Read(Bytes(payload)));
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
