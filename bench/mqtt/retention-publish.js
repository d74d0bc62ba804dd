// The publisher of the retention soak (issue 17 item 6), MQTT.js: QoS 1 at a fixed rate for a fixed time, each message
// one reading stamped with the wall clock at its place in the schedule (microseconds, so every one is a row of its own),
// so that the hub's raw retention of minutes deletes them while the soak runs. At most <in flight> unacknowledged.
// node retention-publish.js <port> <topic> <messages per second> <seconds> <in flight>
// Run with NODE_PATH=tests/peers/mqtt/node_modules. Prints: BENCH-RESULT {"task":...,"rows":N,"seconds":...}
'use strict';
const mqtt = require('mqtt');

const [port, topic, rateText, secondsText, inflightText] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const inflight = Number(inflightText);
const total = Math.round(rate * seconds);
const client = mqtt.connect({ host: '127.0.0.1', port: Number(port), clean: true, protocolVersion: 5, reconnectPeriod: 0 });

let next = 0;
let acked = 0;
let started = 0n;
let startedWallMicros = 0;

function stamp(i) {
  const micros = startedWallMicros + Math.floor((i * 1e6) / rate);
  const iso = new Date(Math.floor(micros / 1000)).toISOString();          // ...ss.mmmZ
  return iso.slice(0, -1) + String(micros % 1000).padStart(3, '0') + 'Z';  // ...ss.mmmuuuZ
}

function payload(i) {
  const value = (60 + ((i * 7919) % 300) / 10).toFixed(1);
  return `{"site":"suzhou-1","ts":"${stamp(i)}","seq":${i},"readings":[{"metric":"temperature","value":${value},"unit":"°C","quality":"Good"}]}`;
}

// Sends what the schedule allows by now (rate x elapsed), within the in-flight bound; called every 10 ms.
function pump() {
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const due = Math.min(total, Math.floor(elapsed * rate));
  while (next < due && next - acked < inflight) {
    client.publish(topic, payload(next++), { qos: 1 }, (err) => {
      if (err) { console.error('retention-publish.js: ' + err.message); process.exit(1); }
      acked++;
      if (acked === total) {
        const took = Number(process.hrtime.bigint() - started) / 1e9;
        console.log('BENCH-RESULT ' + JSON.stringify({ task: 'retention-soak-q1', rows: acked, seconds: took, peakMiB: 0 }));
        client.end(false, () => process.exit(0));
      }
    });
  }
}

client.on('error', (e) => { console.error('retention-publish.js: ' + e.message); process.exit(1); });
client.on('connect', () => {
  started = process.hrtime.bigint();
  startedWallMicros = Date.now() * 1000;
  setInterval(pump, 10);
});
setTimeout(() => {
  console.error(`retention-publish.js: ${acked} of ${total} acknowledged within ${seconds + 120} s`);
  process.exit(2);
}, (seconds + 120) * 1000).unref();
