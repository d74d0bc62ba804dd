using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Tests.Encoding;

/// <summary>
/// Mutates valid encodings (bit flips, truncation, inserted length bytes) and random bytes, and decodes them as
/// every built-in type: the only acceptable outcomes are a value or an <see cref="OpcUaProtocolException"/>.
/// </summary>
public sealed class DecoderFuzzTests
{
    private static readonly Func<BinaryDecoder, object?>[] Readers =
    [
        d => d.ReadVariant(),
        d => d.ReadDataValue(),
        d => d.ReadDiagnosticInfo(),
        d => d.ReadExtensionObject(),
        d => d.ReadNodeId(),
        d => d.ReadExpandedNodeId(),
        d => d.ReadLocalizedText(),
        d => d.ReadQualifiedName(),
        d => d.ReadString(),
        d => d.ReadByteString(),
        d => d.ReadArray("Variant", x => x.ReadVariant()),
    ];

    [Fact]
    public void Decode_MutatedGoldenAndRandomBytes_OnlyValuesOrProtocolErrors()
    {
        var random = new Random(20261122); // fixed seed: a failure is reproducible
        var seeds = GoldenBytes.Names.Select(GoldenBytes.Get).Where(b => b.Length > 0).ToArray();
        var limits = new EncodingLimits { MaxArrayLength = 10_000, MaxStringLength = 10_000, MaxByteStringLength = 10_000 };
        var decoded = 0;
        var rejected = 0;
        for (var i = 0; i < 30_000; i++)
        {
            var input = i % 5 == 0 ? RandomBytes(random) : Mutate(seeds[random.Next(seeds.Length)], random);
            var reader = Readers[random.Next(Readers.Length)];
            try
            {
                reader(new BinaryDecoder(input, limits));
                decoded++;
            }
            catch (OpcUaProtocolException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Input {Hex.Of(input)} raised {e.GetType().Name}: {e.Message}");
            }
        }

        // Both outcomes must occur, or the mutations are not exercising the decoder.
        Assert.True(decoded > 1000, $"decoded {decoded}");
        Assert.True(rejected > 1000, $"rejected {rejected}");
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        var edits = random.Next(1, 4);
        for (var k = 0; k < edits && bytes.Count > 0; k++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.InsertRange(at, [0xff, 0xff, 0xff, 0x7f]);
                    break;
                default:
                    bytes[at] = (byte)random.Next(256);
                    break;
            }
        }

        return bytes.ToArray();
    }
}
