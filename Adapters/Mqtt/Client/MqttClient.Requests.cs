using System.Globalization;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Waiting for a connection, request/answer bookkeeping (SUBSCRIBE, UNSUBSCRIBE), and failing what waits when the client stops.</summary>
public sealed partial class MqttClient
{
    private async ValueTask<MqttConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_stopping, this);
                if (_connection is { IsOpen: true } connection)
                {
                    return connection;
                }

                if (!_started)
                {
                    throw new InvalidOperationException("Call ConnectAsync first.");
                }

                if (_state == MqttClientState.Disconnected)
                {
                    throw new MqttCommunicationException("The MQTT client is disconnected and not retrying: " + (_lastError ?? "stopped"), isTransient: false);
                }

                if (_connection is { IsOpen: false })
                {
                    // Lost, and the supervisor has not taken it away yet: the completed signal was this connection's.
                    // Waiting on it would return at once, again and again.
                    RenewConnectedSignalLocked();
                }

                signal = _connectedSignal.Task;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gives waiters a fresh signal once the one set for the last connection is spent; a pending one is kept, so that
    /// whoever waits on it is released by the next connection. Call under _lock.
    /// </summary>
    private void RenewConnectedSignalLocked()
    {
        if (_connectedSignal.Task.IsCompletedSuccessfully)
        {
            _connectedSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private async Task<IReadOnlyList<MqttSubscribeResult>> SendSubscribeAsync(MqttConnection connection, List<MqttSubscription> subscriptions, CancellationToken cancellationToken)
    {
        MqttPacket answer = await SendRequestAsync(connection, id => new SubscribePacket { PacketId = id, Subscriptions = subscriptions }, cancellationToken).ConfigureAwait(false);
        if (answer is not SubAckPacket ack)
        {
            throw new MqttProtocolException($"Expected SUBACK but received {answer.Type}.");
        }

        if (ack.ReasonCodes.Count != subscriptions.Count)
        {
            throw new MqttProtocolException(string.Create(CultureInfo.InvariantCulture,
                $"SUBACK carries {ack.ReasonCodes.Count} reason codes for {subscriptions.Count} topic filters [MQTT-3.8.4-6]."));
        }

        var results = new MqttSubscribeResult[subscriptions.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new MqttSubscribeResult(subscriptions[i].TopicFilter, ack.ReasonCodes[i]);
        }

        return results;
    }

    private async Task<MqttPacket> SendRequestAsync(MqttConnection connection, Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        ushort id = _ids.Allocate();
        if (id == 0)
        {
            throw new InvalidOperationException("All 65,535 packet identifiers are in use.");
        }

        var answer = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _pendingRequests[id] = answer;
        }

        try
        {
            await connection.SendAsync(build(id), cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _pendingRequests.Remove(id);
            }

            _ids.Release(id);
        }
    }

    private void FailAll(Exception reason, bool includingPublishes)
    {
        List<TaskCompletionSource<MqttPacket>> requests;
        List<OutgoingPublish> publishes = [];
        lock (_lock)
        {
            requests = [.. _pendingRequests.Values];
            _pendingRequests.Clear();
            if (includingPublishes)
            {
                publishes = [.. _outgoing.Values];
                _outgoing.Clear();
            }
        }

        foreach (TaskCompletionSource<MqttPacket> request in requests)
        {
            request.TrySetException(reason);
        }

        foreach (OutgoingPublish publish in publishes)
        {
            _ids.Release(publish.Packet.PacketId);
            _inflight.Release();
            publish.Completion.TrySetException(reason);
        }
    }
}
