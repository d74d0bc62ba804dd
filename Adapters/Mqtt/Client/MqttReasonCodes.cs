using System.Globalization;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>MQTT 5.0 reason codes (section 2.4) and the mapping of 3.1.1 CONNACK return codes onto them.</summary>
internal static class MqttReasonCodes
{
    /// <summary>3.1.1 CONNACK return codes 1-5 (section 3.2.2.3) as the 5.0 codes that mean the same.</summary>
    public static byte FromV311ConnAck(byte returnCode) => returnCode switch
    {
        0 => 0x00,
        1 => 0x84, // unacceptable protocol version
        2 => 0x85, // identifier rejected
        3 => 0x88, // server unavailable
        4 => 0x86, // bad user name or password
        5 => 0x87, // not authorized
        _ => 0x80,
    };

    public static bool IsTransientConnectRefusal(byte code) => code is 0x80 or 0x83 or 0x88 or 0x89 or 0x97 or 0x9C or 0x9D or 0x9F;

    public static string DescribeConnectRefusal(byte code, string? reasonString)
    {
        string hint = code switch
        {
            0x86 => " Check UserName and Password.",
            0x87 => " The broker does not allow this client or user to connect: check UserName and Password (mosquitto also answers this to a wrong password), the broker's ACL and allow_anonymous.",
            0x84 => " The broker does not speak this protocol version; set ProtocolVersion to V311.",
            0x85 => " Set a ClientId the broker accepts (3.1.1 brokers may refuse an empty one with a persistent session).",
            0x88 or 0x89 => " The client retries.",
            _ => string.Empty,
        };
        string detail = reasonString is null ? string.Empty : " Broker says: " + reasonString + ".";
        return string.Create(CultureInfo.InvariantCulture, $"The MQTT broker refused the connection: {Describe(code)} (0x{code:X2}).{detail}{hint}");
    }

    public static string Describe(byte code) => code switch
    {
        0x00 => "success / granted QoS 0",
        0x01 => "granted QoS 1",
        0x02 => "granted QoS 2",
        0x04 => "disconnect with will message",
        0x10 => "no matching subscribers",
        0x11 => "no subscription existed",
        0x18 => "continue authentication",
        0x19 => "re-authenticate",
        0x80 => "unspecified error",
        0x81 => "malformed packet",
        0x82 => "protocol error",
        0x83 => "implementation specific error",
        0x84 => "unsupported protocol version",
        0x85 => "client identifier not valid",
        0x86 => "bad user name or password",
        0x87 => "not authorized",
        0x88 => "server unavailable",
        0x89 => "server busy",
        0x8A => "banned",
        0x8B => "server shutting down",
        0x8C => "bad authentication method",
        0x8D => "keep alive timeout",
        0x8E => "session taken over",
        0x8F => "topic filter invalid",
        0x90 => "topic name invalid",
        0x91 => "packet identifier in use",
        0x92 => "packet identifier not found",
        0x93 => "receive maximum exceeded",
        0x94 => "topic alias invalid",
        0x95 => "packet too large",
        0x96 => "message rate too high",
        0x97 => "quota exceeded",
        0x98 => "administrative action",
        0x99 => "payload format invalid",
        0x9A => "retain not supported",
        0x9B => "QoS not supported",
        0x9C => "use another server",
        0x9D => "server moved",
        0x9E => "shared subscriptions not supported",
        0x9F => "connection rate exceeded",
        0xA0 => "maximum connect time",
        0xA1 => "subscription identifiers not supported",
        0xA2 => "wildcard subscriptions not supported",
        _ => "reason code 0x" + code.ToString("X2", CultureInfo.InvariantCulture),
    };
}
