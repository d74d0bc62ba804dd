namespace IntegrationHub.Adapters.OpcUa.Tests.Encoding;

/// <summary>The bytes that node-opcua's encoders produced (TestData/capture-golden.js), by case name.</summary>
internal static class GoldenBytes
{
    private static readonly Lazy<Dictionary<string, byte[]>> Cases = new(Load);

    public static byte[] Get(string name) => Cases.Value.TryGetValue(name, out var bytes)
        ? bytes
        : throw new KeyNotFoundException($"No golden case '{name}' in golden-node-opcua.txt.");

    public static IEnumerable<string> Names => Cases.Value.Keys;

    private static Dictionary<string, byte[]> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Encoding", "TestData", "golden-node-opcua.txt");
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            result[line[..space]] = Hex.Parse(line[(space + 1)..]);
        }

        return result;
    }
}
