// The steady publisher of the mqtt benchmark's adapter soak (MQTT.js): QoS 1 at a fixed rate for a fixed time, each
// message a fresh reading (its own timestamp, so every one is a row of history), at most <in flight> unacknowledged.
// node soak-publish.js <port> <topic> <messages per second> <seconds> <in flight>
// Run with NODE_PATH=tests/peers/mqtt/node_modules. Prints: BENCH-RESULT {"task":...,"rows":N,"seconds":...}
'use strict';
const mqtt = require('mqtt');

const [port, topic, rateText, secondsText, inflightText] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const inflight = Number(inflightText);
const total = Math.round(rate * seconds);
const base = Date.UTC(2026, 10, 23, 0, 0, 0);
const client = mqtt.connect({ host: '127.0.0.1', port: Number(port), clean: true, protocolVersion: 5, reconnectPeriod: 0 });

let next = 0;
let acked = 0;
let started = 0n;

function payload(i) {
  const ts = new Date(base + i).toISOString();  // 1 ms apart: distinct for 86 million messages
  const value = (60 + ((i * 7919) % 300) / 10).toFixed(1);
  return `{"site":"suzhou-1","ts":"${ts}","seq":${i},"readings":[{"metric":"temperature","value":${value},"unit":"°C","quality":"Good"}]}`;
}

// Sends what the schedule allows by now (rate x elapsed), within the in-flight bound; called every 10 ms and on acks.
function pump() {
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const due = Math.min(total, Math.floor(elapsed * rate));
  while (next < due && next - acked < inflight) {
    client.publish(topic, payload(next++), { qos: 1 }, (err) => {
      if (err) { console.error('soak-publish.js: ' + err.message); process.exit(1); }
      acked++;
      if (acked === total) {
        const took = Number(process.hrtime.bigint() - started) / 1e9;
        console.log('BENCH-RESULT ' + JSON.stringify({ task: 'mqttjs-soak-q1', rows: acked, seconds: took, peakMiB: 0 }));
        client.end(false, () => process.exit(0));
      }
    });
  }
}

client.on('error', (e) => { console.error('soak-publish.js: ' + e.message); process.exit(1); });
client.on('connect', () => {
  started = process.hrtime.bigint();
  setInterval(pump, 10);
});
setTimeout(() => {
  console.error(`soak-publish.js: ${acked} of ${total} acknowledged within ${seconds + 120} s`);
  process.exit(2);
}, (seconds + 120) * 1000).unref();
