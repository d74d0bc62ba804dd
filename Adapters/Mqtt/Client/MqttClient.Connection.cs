using System.Globalization;
using IntegrationHub.Adapters.Mqtt.Packets;
using IntegrationHub.Adapters.Mqtt.Transport;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Connecting, keeping alive and reconnecting.</summary>
public sealed partial class MqttClient
{
    /// <summary>Transient: worth another attempt. Bad credentials, an untrusted certificate or a bug are not.</summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        MqttConnectException refused => refused.IsTransient,
        MqttCommunicationException communication => communication.IsTransient,
        MqttProtocolException => true,
        IOException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };

    private async Task<(MqttConnection Connection, MqttConnectResult Result)> ConnectOnceAsync(bool isReconnect, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        MqttConnection? connection = null;
        try
        {
            MqttLink link = await MqttTransport.ConnectAsync(_options, linked.Token).ConfigureAwait(false);
            connection = new MqttConnection(link, _options.ProtocolVersion, _options.MaximumPacketSize, _options.ReceiveCoalescing, _time);
            await connection.SendAsync(BuildConnect(isReconnect), linked.Token).ConfigureAwait(false);

            // CONNACK is decoded on the connection's receive thread, and what follows here (and the caller's code after
            // ConnectAsync) must never run there: code that waits for the connection would then wait for itself. A
            // caller that published on a connection cut at that moment spun forever: its receive thread, the one to
            // notice the cut, was the one publishing (issue 16 item 8). ForceYielding does not help: it only yields
            // when the task is complete already. A completion source with asynchronous continuations always does.
            MqttPacket? first = await OffReceiveThread(connection.ReceiveAsync(linked.Token)).ConfigureAwait(false);
            if (first is null)
            {
                throw new MqttCommunicationException($"The MQTT broker at {_options.Host}:{_options.Port} closed the connection before sending CONNACK.");
            }

            if (first is not ConnAckPacket ack)
            {
                throw new MqttProtocolException($"Expected CONNACK as the broker's first packet but received {Codec.MqttPacketDecoder.PacketName(first.Type)} [MQTT-3.2.0-1].");
            }

            bool v5 = _options.ProtocolVersion == MqttProtocolVersion.V500;
            if (v5 && ack.ReasonCode is > 0 and < 0x80)
            {
                // Issue 16 item 15: a 5.0 CONNACK never refuses below 0x80, so this is a 3.1.1 return code: a broker
                // that speaks 3.1.1 only (aedes, RabbitMQ 3.10) answered "1, unacceptable protocol version".
                throw V311AnswerToV5Connect(ack.ReasonCode);
            }

            byte reason = v5 ? ack.ReasonCode : MqttReasonCodes.FromV311ConnAck(ack.ReasonCode);
            if (reason != 0)
            {
                throw new MqttConnectException(reason, ack.Properties?.ReasonString);
            }

            if (isReconnect)
            {
                Interlocked.Increment(ref _reconnects);
            }

            (MqttConnectResult result, List<OutgoingPublish> pending) = Install(connection, ack);
            MqttClientLog.Connected(_options.Logger, ClientIdForLog, _options.Host, _options.Port, v5 ? "5.0" : "3.1.1", ack.SessionPresent);
            TimeSpan keepAlive = ack.Properties?.ServerKeepAlive is { } serverKeepAlive ? TimeSpan.FromSeconds(serverKeepAlive) : _options.KeepAlive;
            await AfterConnAckAsync(isReconnect, ack.SessionPresent).ConfigureAwait(false);
            connection.PacketLoop = Task.Run(() => ReadLoopAsync(connection), CancellationToken.None);
            _ = Task.Run(() => KeepAliveLoopAsync(connection, keepAlive), CancellationToken.None);
            await ResendAsync(connection, pending).ConfigureAwait(false);
            if (isReconnect && !ack.SessionPresent)
            {
                await ResubscribeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return (connection, result);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (connection is not null) { await connection.DisposeAsync().ConfigureAwait(false); }
            throw new MqttCommunicationException(string.Create(CultureInfo.InvariantCulture,
                $"Connecting to the MQTT broker at {_options.Host}:{_options.Port} timed out after {_options.ConnectTimeout.TotalSeconds:0.#} s."));
        }
        catch (IOException ex)
        {
            // E.g. TLS 1.3 reports a refused client certificate only at the first read, as an alert.
            if (connection is not null) { await connection.DisposeAsync().ConfigureAwait(false); }
            throw new MqttCommunicationException($"The connection to the MQTT broker at {_options.Host}:{_options.Port} failed during CONNECT: {ex.Message}", ex);
        }
        catch
        {
            if (connection is not null) { await connection.DisposeAsync().ConfigureAwait(false); }
            throw;
        }
    }

    /// <summary>The packet <paramref name="receiving"/> yields, but whoever awaits it resumes on the thread pool.</summary>
    private static Task<MqttPacket?> OffReceiveThread(ValueTask<MqttPacket?> receiving)
    {
        var relay = new TaskCompletionSource<MqttPacket?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = RelayAsync(receiving, relay);
        return relay.Task;

        static async Task RelayAsync(ValueTask<MqttPacket?> receiving, TaskCompletionSource<MqttPacket?> relay)
        {
            try
            {
                relay.TrySetResult(await receiving.ConfigureAwait(false));
            }
            catch (OperationCanceledException ex)
            {
                relay.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                relay.TrySetException(ex);
            }
        }
    }

    private ConnectPacket BuildConnect(bool isReconnect)
    {
        bool v5 = _options.ProtocolVersion == MqttProtocolVersion.V500;
        string clientId;
        lock (_lock)
        {
            clientId = _assignedClientId ?? _options.ClientId;
        }

        var packet = new ConnectPacket
        {
            ProtocolVersion = _options.ProtocolVersion,
            ClientId = clientId,

            // A 5.0 reconnect resumes the session (its expiry decides whether one exists); 3.1.1 keeps the configured flag.
            CleanSession = v5 && isReconnect ? false : _options.CleanStart,
            KeepAliveSeconds = (ushort)_options.KeepAlive.TotalSeconds,
            UserName = _options.UserName,
            Password = _options.Password is null ? null : Utf8(_options.Password),
        };
        if (v5)
        {
            packet.Properties = new MqttProperties
            {
                SessionExpiryInterval = _options.SessionExpirySeconds == 0 ? null : _options.SessionExpirySeconds,
                ReceiveMaximum = _options.ReceiveMaximum == ushort.MaxValue ? null : _options.ReceiveMaximum,
                MaximumPacketSize = (uint)_options.MaximumPacketSize,
                TopicAliasMaximum = _options.TopicAliasMaximum == 0 ? null : _options.TopicAliasMaximum,
                UserProperties = _options.ConnectUserProperties.Count == 0 ? null : [.. _options.ConnectUserProperties],
            };
        }

        if (_options.LastWill is { } will)
        {
            packet.HasWill = true;
            packet.WillTopic = will.Topic;
            packet.WillPayload = will.Payload.ToArray();
            packet.WillQoS = will.QoS;
            packet.WillRetain = will.Retain;
            if (v5 && (will.DelaySeconds is not null || will.MessageExpirySeconds is not null))
            {
                packet.WillProperties = new MqttProperties { WillDelayInterval = will.DelaySeconds, MessageExpiryInterval = will.MessageExpirySeconds };
            }
        }

        return packet;
    }

    // The connection becomes current and the publications to resend are listed under one lock: a publication
    // registered before goes out by the resend, one registered after by PublishAsync, none twice.
    private (MqttConnectResult Result, List<OutgoingPublish> Pending) Install(MqttConnection connection, ConnAckPacket ack)
    {
        MqttProperties? p = ack.Properties;
        List<OutgoingPublish> pending;
        _inflight.SetLimit(Math.Min(_options.EffectiveMaximumInflightPublishes, p?.ReceiveMaximum ?? ushort.MaxValue));
        lock (_lock)
        {
            if (_stopping)
            {
                throw new OperationCanceledException("The client is disconnecting.");
            }

            if (!ack.SessionPresent)
            {
                // A new session: the broker forgot the QoS 2 exchanges in progress (section 4.3.3).
                _inboundQos2.Clear();
                _sessionEpoch++;
            }

            // Before the connection becomes current, so that every PUBLISH on it sees the broker's alias limit.
            connection.UseOutboundTopicAliases(_options.UseOutboundTopicAliases ? p?.TopicAliasMaximum ?? 0 : (ushort)0);
            _assignedClientId ??= p?.AssignedClientIdentifier;
            _serverMaximumPacketSize = p?.MaximumPacketSize;
            _sessionPresent = ack.SessionPresent;
            _connection = connection;
            _state = MqttClientState.Connected;
            _connectedSince = _time.GetUtcNow();
            _connectedSignal.TrySetResult();
            pending = [.. _outgoing.Values.OrderBy(o => o.Sequence)];
        }

        var result = new MqttConnectResult
        {
            SessionPresent = ack.SessionPresent,
            AssignedClientId = p?.AssignedClientIdentifier,
            ServerReceiveMaximum = p?.ReceiveMaximum,
            ServerMaximumPacketSize = p?.MaximumPacketSize,
            ServerKeepAliveSeconds = p?.ServerKeepAlive,
            MaximumQoS = p?.MaximumQoS is { } q ? (MqttQualityOfService)q : null,
            ServerTopicAliasMaximum = p?.TopicAliasMaximum ?? 0,
            SharedSubscriptionsAvailable = p?.SharedSubscriptionAvailable is { } shared ? shared != 0 : null,
        };
        return (result, pending);
    }

    private async Task ResubscribeAsync(MqttConnection connection, CancellationToken cancellationToken)
    {
        List<MqttSubscription> subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
        }

        if (subscriptions.Count == 0)
        {
            return;
        }

        try
        {
            IReadOnlyList<MqttSubscribeResult> results = await SendSubscribeAsync(connection, subscriptions, cancellationToken).ConfigureAwait(false);
            List<string> refused = [.. results.Where(r => !r.IsSuccess).Select(r => $"{r.TopicFilter} ({r.Description})")];
            if (refused.Count > 0)
            {
                string problem = "After reconnecting, the broker refused the subscriptions " + string.Join(", ", refused) + ".";
                RecordError(problem);
                MqttClientLog.ResubscribeFailed(_options.Logger, ClientIdForLog, problem);
            }
        }
        catch (Exception ex) when (ex is MqttCommunicationException or MqttProtocolException or OperationCanceledException)
        {
            // The connection dropped during re-subscribe: the supervisor sees it closed and reconnects.
            string problem = "Re-subscribing after a reconnect failed: " + ex.Message;
            RecordError(problem);
            MqttClientLog.ResubscribeFailed(_options.Logger, ClientIdForLog, problem);
        }
    }

    private async Task SuperviseAsync(MqttConnection connection)
    {
        while (true)
        {
            Exception? reason = await connection.Closed.ConfigureAwait(false);
            bool reconnect = false;
            TimeSpan lived = TimeSpan.Zero;
            bool stopping;
            lock (_lock)
            {
                stopping = _stopping;
                if (!stopping)
                {
                    reconnect = _options.Reconnect.Enabled;
                    lived = _connectedSince is { } since ? _time.GetUtcNow() - since : TimeSpan.Zero;
                    _connection = null;
                    _connectedSince = null;
                    _state = reconnect ? MqttClientState.Retrying : MqttClientState.Disconnected;
                    RenewConnectedSignalLocked();
                    if (!reconnect)
                    {
                        // No next connection will release whoever waits: wake them to find the client disconnected.
                        _connectedSignal.TrySetResult();
                    }

                    _lastError = Describe(reason);
                    _lastErrorAt = _time.GetUtcNow();
                }
            }

            // After the connection stopped being current: disposing waits for its threads, and a caller must not
            // wait for that before it learns the connection is gone.
            await connection.DisposeAsync().ConfigureAwait(false);
            if (stopping)
            {
                return;
            }

            MqttClientLog.ConnectionLost(_options.Logger, ClientIdForLog, _options.Host, _options.Port, Describe(reason), reconnect);
            var lost = new MqttCommunicationException("The connection to the MQTT broker was lost before the answer arrived: " + Describe(reason), reason ?? new IOException("connection closed"));
            FailAll(lost, includingPublishes: !reconnect);
            if (!reconnect)
            {
                return;
            }

            try
            {
                connection = await ReconnectAsync(lived, reason).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not transient (refused credentials, untrusted certificate): stop and say why.
                lock (_lock)
                {
                    _state = MqttClientState.Disconnected;
                    _lastError = ex.Message;
                    _lastErrorAt = _time.GetUtcNow();
                    _connectedSignal.TrySetException(ex);
                }

                MqttClientLog.ReconnectAbandoned(_options.Logger, ClientIdForLog, _options.Host, _options.Port, ex.Message);
                FailAll(ex, includingPublishes: true);
                return;
            }
        }
    }

    // Keep-alive (section 3.1.2.10): ping when half the interval passed without traffic either way; declare the
    // connection dead when nothing arrived for a whole interval. Checked every quarter interval, so a dead peer is
    // detected within 1.25 x keep-alive.
    private async Task KeepAliveLoopAsync(MqttConnection connection, TimeSpan keepAlive)
    {
        if (keepAlive <= TimeSpan.Zero)
        {
            return;
        }

        TimeSpan tick = TimeSpan.FromTicks(Math.Max(keepAlive.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks));
        TimeSpan half = keepAlive / 2;
        try
        {
            while (connection.IsOpen)
            {
                await Task.Delay(tick, _time, connection.ClosingToken).ConfigureAwait(false);
                TimeSpan silent = connection.SinceLastReceived;
                if (!connection.ReaderPaused && silent >= keepAlive)
                {
                    connection.Abort(new MqttCommunicationException(string.Create(CultureInfo.InvariantCulture,
                        $"Nothing received from the MQTT broker for {silent.TotalSeconds:0.0} s (keep-alive {keepAlive.TotalSeconds:0} s): the connection is dead.")));
                    return;
                }

                if (connection.SinceLastSent >= half || silent >= half)
                {
                    connection.TrySend(PingReqPacket.Instance);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
