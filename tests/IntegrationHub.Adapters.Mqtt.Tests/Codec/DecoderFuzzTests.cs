using System.Buffers;
using System.Diagnostics;
using IntegrationHub.Adapters.Mqtt.Codec;
using IntegrationHub.Adapters.Mqtt.Packets;
using static IntegrationHub.Adapters.Mqtt.Tests.Codec.CodecTestHelper;

namespace IntegrationHub.Adapters.Mqtt.Tests.Codec;

/// <summary>
/// Random and mutated packets into the decoder: the only exception allowed is <see cref="MqttProtocolException"/>,
/// every call returns promptly, and a declared length larger than the limit is refused without buffering.
/// </summary>
public sealed class DecoderFuzzTests
{
    private static readonly string[] Seeds =
    [
        "101000044d5154540402003c000473756231",
        "102400044d51545404ee001e0004707562300002777400027770000475736572000470617373",
        "101b00044d5154540582003c082100141100000e100003706335000175",
        "200900000622000a210014", "20020000", "2003008700",
        "340c0003612f62000168656c6c6f", "331c0003612f63000112260005636f6c6f720003726564020000003c6869",
        "40020001", "50020001", "62020001", "70020001", "40040001100000",
        "82100001072600016b0001760003612f2301", "820800010003612f6202", "900400010001", "9003000102",
        "a2080002000003782f79", "b00400020000", "b0020002", "c000", "d000", "e000", "e0018e",
        "f00c180a1500074d455448494431",
    ];

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 1)]
    [InlineData(MqttProtocolVersion.V500, 2)]
    public void TryDecode_MutatedPackets_OnlyProtocolExceptions(MqttProtocolVersion version, int seed)
    {
        var random = new Random(seed);
        var decoder = new MqttPacketDecoder(version, maximumPacketSize: 64 * 1024);
        var stopwatch = Stopwatch.StartNew();
        int decoded = 0, rejected = 0, partial = 0;
        for (int i = 0; i < 60_000; i++)
        {
            byte[] bytes = Hex(Seeds[random.Next(Seeds.Length)]);
            Mutate(bytes, random, out byte[] mutated);
            Run(decoder, mutated, random, ref decoded, ref rejected, ref partial);
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), "decoding took too long: " + stopwatch.Elapsed);
        Assert.True(decoded > 1000 && rejected > 1000, $"decoded {decoded}, rejected {rejected}, partial {partial}");
    }

    [Fact]
    public void TryDecode_RandomBytes_OnlyProtocolExceptions()
    {
        var random = new Random(7);
        var decoder = new MqttPacketDecoder(MqttProtocolVersion.V500, maximumPacketSize: 64 * 1024);
        int decoded = 0, rejected = 0, partial = 0;
        for (int i = 0; i < 60_000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            Run(decoder, bytes, random, ref decoded, ref rejected, ref partial);
        }

        Assert.True(rejected > 1000 && partial > 1000, $"decoded {decoded}, rejected {rejected}, partial {partial}");
    }

    private static void Run(MqttPacketDecoder decoder, byte[] bytes, Random random, ref int decoded, ref int rejected, ref int partial)
    {
        ReadOnlySequence<byte> sequence = random.Next(3) == 0 ? Segments.Split(bytes, random.Next(1, 5)) : new ReadOnlySequence<byte>(bytes);
        try
        {
            // Decode every packet in the buffer; each successful decode must make progress.
            while (true)
            {
                if (!decoder.TryDecode(sequence, out MqttPacket? packet, out SequencePosition consumed))
                {
                    partial++;
                    return;
                }

                Assert.NotNull(packet);
                long before = sequence.Length;
                sequence = sequence.Slice(consumed);
                Assert.True(sequence.Length < before);
                decoded++;
            }
        }
        catch (MqttProtocolException)
        {
            rejected++;
        }
    }

    private static void Mutate(byte[] bytes, Random random, out byte[] result)
    {
        switch (random.Next(5))
        {
            case 0: // flip a random bit
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                result = bytes;
                break;
            case 1: // overwrite a random byte
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                result = bytes;
                break;
            case 2: // truncate
                result = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
                break;
            case 3: // append garbage
                byte[] extra = new byte[random.Next(1, 16)];
                random.NextBytes(extra);
                result = [.. bytes, .. extra];
                break;
            default: // unchanged, then a second, mutated copy in the same buffer
                byte[] copy = (byte[])bytes.Clone();
                copy[random.Next(copy.Length)] ^= 0xFF;
                result = [.. bytes, .. copy];
                break;
        }
    }
}
