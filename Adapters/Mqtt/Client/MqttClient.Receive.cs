using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Reading packets and queueing received messages for the handler, with inbound QoS 2 duplicate detection.</summary>
public sealed partial class MqttClient
{
    private async Task ReadLoopAsync(MqttConnection connection)
    {
        var aliases = new Dictionary<ushort, string>();
        Exception? error;
        try
        {
            while (true)
            {
                MqttPacket? packet = await connection.ReceiveAsync(connection.ClosingToken).ConfigureAwait(false);
                if (packet is null)
                {
                    error = new MqttCommunicationException("The MQTT broker closed the connection.") { ClosedByBroker = true };
                    break;
                }

                switch (packet)
                {
                    case PublishPacket publish:
                        await OnPublishAsync(connection, publish, aliases).ConfigureAwait(false);
                        break;
                    case PubAckPacket ack:
                        await CompleteOutgoingAsync(ack.PacketId, ack.ReasonCode, ack.Properties?.ReasonString).ConfigureAwait(false);
                        break;
                    case PubRecPacket received:
                        await OnPubRecAsync(connection, received).ConfigureAwait(false);
                        break;
                    case PubCompPacket complete:
                        await OnPubCompAsync(complete).ConfigureAwait(false);
                        break;
                    case PubRelPacket release:
                        lock (_lock)
                        {
                            _inboundQos2.Remove(release.PacketId);
                        }

                        await StoreSafelyAsync(ct => _store.RemoveInboundQos2Async(_options.ClientId, release.PacketId, ct)).ConfigureAwait(false);

                        await connection.SendAsync(new PubCompPacket { PacketId = release.PacketId }, connection.ClosingToken).ConfigureAwait(false);
                        break;
                    case SubAckPacket or UnsubAckPacket:
                        ushort id = packet is SubAckPacket s ? s.PacketId : ((UnsubAckPacket)packet).PacketId;
                        TaskCompletionSource<MqttPacket>? pending;
                        lock (_lock)
                        {
                            _pendingRequests.Remove(id, out pending);
                        }

                        pending?.TrySetResult(packet);
                        break;
                    case PingRespPacket:
                        break;
                    case DisconnectPacket disconnect:
                        throw BrokerDisconnected(disconnect);
                    default:
                        throw new MqttProtocolException($"A broker must not send {Codec.MqttPacketDecoder.PacketName(packet.Type)} to a client here.");
                }
            }
        }
        catch (OperationCanceledException) when (connection.ClosingToken.IsCancellationRequested)
        {
            error = null;
        }
        catch (MqttProtocolException ex)
        {
            error = ex;
            if (connection.Version == MqttProtocolVersion.V500 && connection.IsOpen)
            {
                // Section 4.13: on a protocol error the client sends DISCONNECT with the reason code, then closes.
                MqttClientLog.ProtocolErrorDisconnect(_options.Logger, ClientIdForLog, ex.ReasonCode, ex.Message);
                await connection.CloseAfterAsync(
                    new DisconnectPacket { ReasonCode = ex.ReasonCode, Properties = new MqttProperties { ReasonString = Truncate(ex.Message) } },
                    DisconnectFlushTimeout,
                    ex).ConfigureAwait(false);
                return;
            }
        }
        catch (MqttCommunicationException ex)
        {
            error = ex;
        }
        catch (Exception ex)
        {
            // IOException, SocketException, ObjectDisposedException, or the pipe completed under us by a concurrent close.
            error = new MqttCommunicationException("Reading from the MQTT broker failed: " + ex.Message, ex);
        }

        connection.Abort(error);
    }

    private async Task OnPublishAsync(MqttConnection connection, PublishPacket publish, Dictionary<ushort, string> aliases)
    {
        if (publish.OversizedSize > 0)
        {
            // Read past by the decoder (3.1.1 only): handed over without payload, acknowledged like any other (item 12).
            MqttClientLog.OversizedMessage(_options.Logger, ClientIdForLog, publish.OversizedSize, LogText.Escape(publish.Topic), _options.MaximumPacketSize);
        }

        if (publish.Properties?.TopicAlias is { } alias)
        {
            // Inbound topic aliases (section 3.3.2.3.4): a topic with an alias sets the mapping, an empty topic uses it.
            if (alias > _options.TopicAliasMaximum)
            {
                // [MQTT-3.3.2-11]: a server must not exceed the maximum the client sent; section 3.3.2.3.4 makes it 0x94.
                throw new MqttProtocolException("PUBLISH", "topic alias", -1, string.Create(CultureInfo.InvariantCulture,
                    $"alias {alias} exceeds the topic alias maximum of {_options.TopicAliasMaximum} we announced in CONNECT [MQTT-3.3.2-11]"))
                {
                    ReasonCode = 0x94,
                };
            }

            if (publish.Topic.Length > 0)
            {
                aliases[alias] = publish.Topic;
            }
            else if (aliases.TryGetValue(alias, out string? topic))
            {
                publish.Topic = topic;
            }
            else
            {
                throw new MqttProtocolException("PUBLISH", "topic alias", -1, string.Create(CultureInfo.InvariantCulture,
                    $"alias {alias} was never mapped to a topic on this connection (section 3.3.2.3.4)"))
                {
                    ReasonCode = 0x82,
                };
            }
        }

        int epoch;
        long generation;
        bool? handled = null;
        lock (_lock)
        {
            epoch = _sessionEpoch;
            generation = _sessionGeneration;
            if (publish.QoS == MqttQualityOfService.ExactlyOnce)
            {
                // Exactly once (section 4.3.3, method B): a packet id seen in this session and not yet released is the
                // same message again, whatever its DUP flag says; it is never handed to the handler twice.
                if (_inboundQos2.TryGetValue(publish.PacketId, out bool done))
                {
                    handled = done;
                }
                else
                {
                    _inboundQos2[publish.PacketId] = false;
                }
            }
        }

        if (handled == true)
        {
            // The broker missed our PUBREC: say it again.
            await connection.SendAsync(new PubRecPacket { PacketId = publish.PacketId }, connection.ClosingToken).ConfigureAwait(false);
            return;
        }

        if (handled == false)
        {
            return; // still waiting for the handler; its PUBREC goes out on the current connection when it is done
        }

        MqttApplicationMessage message = ToApplicationMessage(publish);
        if (publish.QoS == MqttQualityOfService.ExactlyOnce && _options.ClientId.Length > 0)
        {
            // Issue 16 item 16: what a handler may store with the message's effect, in one transaction.
            message = message with { Qos2Receipt = new MqttQos2Receipt(_options.ClientId, publish.PacketId, generation) };
        }

        var item = new InboundMessage(connection, publish, message, epoch);
        if (_inbound.Writer.TryWrite(item))
        {
            _messageQueued.Set();
        }
        else
        {
            // Back-pressure: stop reading the socket until the handler makes room.
            connection.ReaderPaused = true;
            try
            {
                await _inbound.Writer.WriteAsync(item, connection.ClosingToken).ConfigureAwait(false);
                _messageQueued.Set();
            }
            catch (OperationCanceledException) when (publish.QoS == MqttQualityOfService.ExactlyOnce)
            {
                // Never handed over, so never acknowledged: forget the id, or the broker's redelivery on the next
                // connection would be taken for a message still with the handler and never handled (issue 16 item 8).
                ForgetUnhandledQos2(publish.PacketId, epoch);
                throw;
            }
            finally
            {
                connection.ReaderPaused = false;
                connection.MarkReceived();
            }
        }
    }

    private static MqttApplicationMessage ToApplicationMessage(PublishPacket p)
    {
        MqttProperties? properties = p.Properties;
        return new MqttApplicationMessage(p.Topic, p.Payload, p.QoS)
        {
            OversizedPacketSize = p.OversizedSize == 0 ? null : p.OversizedSize,
            Retain = p.Retain,
            Duplicate = p.Dup,
            MessageExpirySeconds = properties?.MessageExpiryInterval,
            ContentType = properties?.ContentType,
            ResponseTopic = properties?.ResponseTopic,
            CorrelationData = properties?.CorrelationData,
            PayloadIsUtf8 = properties?.PayloadFormatIndicator is { } format ? format == 1 : null,
            UserProperties = properties?.UserProperties ?? (IReadOnlyList<MqttUserProperty>)[],
            SubscriptionIdentifiers = properties?.SubscriptionIdentifiers ?? (IReadOnlyList<uint>)[],
        };
    }
}
