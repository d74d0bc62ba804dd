// Plant telemetry with an alarm storm, for the cluster fault test (issue 18, "Fault tests"): MQTT.js, MQTT 5, QoS 1,
// an independent client (not the hub's own), paced to a rate, at most 100 publications in flight.
// Usage: node storm-publisher.js <port> <machines> <readingsPerMachine> <ratePerSecond> <hotFrom> <firstTsMs>
// Machine m (1-based) is asset EQ-CS<mmm>-01 of customer CS<mmm>, on plant/CS<mmm>/EQ-CS<mmm>-01/telemetry. Reading i
// (0-based) of every machine is stamped firstTsMs + i seconds; it reads 60 °C before hotFrom and 95-97 °C from there
// on, so every machine crosses the limit once and stays above it. Readings go out round by round (reading i of
// every machine, then i + 1), so the storm hits all machines at once.
// Prints "acked <n>" after every 1,000th PUBACK and "done <n>" when all are acknowledged; exits non-zero on error.
'use strict';
const mqtt = require('mqtt');

const [port, machines, perMachine, rate, hotFrom, firstTs] = process.argv.slice(2).map(Number);
if (![port, machines, perMachine, rate, hotFrom, firstTs].every(Number.isFinite)) {
  console.error('usage: node storm-publisher.js <port> <machines> <readingsPerMachine> <ratePerSecond> <hotFrom> <firstTsMs>');
  process.exit(2);
}

const total = machines * perMachine;
const maxInFlight = 100;
let sent = 0;
let acked = 0;
let inFlight = 0;
let started = 0;

function message(n) {
  const i = Math.floor(n / machines);
  const m = String((n % machines) + 1).padStart(3, '0');
  const ts = new Date(firstTs + i * 1000).toISOString();
  const value = i < hotFrom ? 60 : 95 + (i % 3);
  return {
    topic: `plant/CS${m}/EQ-CS${m}-01/telemetry`,
    payload: JSON.stringify({ ts, readings: [{ metric: 'temperature', value, unit: '°C' }] }),
  };
}

const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
  protocolVersion: 5,
  clientId: `storm-publisher-${process.pid}`,
  clean: true,
  reconnectPeriod: 0,
});

client.on('error', (err) => {
  console.error(`publisher error: ${err.message}`);
  process.exit(1);
});

function pump() {
  const allowed = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate) + 1);
  while (sent < allowed && inFlight < maxInFlight) {
    const { topic, payload } = message(sent);
    sent += 1;
    inFlight += 1;
    client.publish(topic, payload, { qos: 1 }, (err) => {
      if (err) {
        console.error(`publish failed: ${err.message}`);
        process.exit(1);
      }
      inFlight -= 1;
      acked += 1;
      if (acked % 1000 === 0) {
        console.log(`acked ${acked}`);
      }
      if (acked === total) {
        console.log(`done ${acked}`);
        client.end(false, () => process.exit(0));
      }
    });
  }
  if (sent < total) {
    setTimeout(pump, 2);
  }
}

client.on('connect', () => {
  started = Date.now();
  pump();
});
