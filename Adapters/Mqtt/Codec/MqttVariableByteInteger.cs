namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>Variable Byte Integer (MQTT 5.0 section 1.5.5; 3.1.1 section 2.2.3 "Remaining Length").</summary>
internal static class MqttVariableByteInteger
{
    public const uint MaxValue = 268_435_455;

    public static int Size(uint value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    public static int Write(Span<byte> destination, uint value)
    {
        int i = 0;
        do
        {
            byte b = (byte)(value % 128);
            value /= 128;
            if (value > 0)
            {
                b |= 0x80;
            }

            destination[i++] = b;
        }
        while (value > 0);
        return i;
    }
}
