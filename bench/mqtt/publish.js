// The QoS 1 publisher of the mqtt benchmark (MQTT.js), with a bounded number of messages in flight.
// node publish.js <port> <topic> <qos> <payload file: one message a line> <in flight> <limit seconds>
// With <topic> "-", each line is "<topic> <payload>" (the nodes benchmark: many machines, one topic each).
// Run with NODE_PATH=tests/peers/mqtt/node_modules. Prints: BENCH-RESULT {"task":...,"rows":N,"seconds":...}
'use strict';
const fs = require('fs');
const mqtt = require('mqtt');

const [port, topic, qosText, file, inflightText, limitText] = process.argv.slice(2);
const qos = Number(qosText);
const inflight = Number(inflightText);
const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
const client = mqtt.connect({ host: '127.0.0.1', port: Number(port), clean: true, protocolVersion: 5, reconnectPeriod: 0 });

setTimeout(() => {
  console.error(`publish.js: ${acked} of ${lines.length} acknowledged within ${limitText} s`);
  process.exit(2);
}, Number(limitText) * 1000).unref();

let next = 0;
let acked = 0;
let started = 0n;

function pump() {
  while (next < lines.length && next - acked < inflight) {
    const line = lines[next++];
    const space = topic === '-' ? line.indexOf(' ') : -1;
    client.publish(space < 0 ? topic : line.slice(0, space), space < 0 ? line : line.slice(space + 1), { qos }, (err) => {
      if (err) { console.error('publish.js: ' + err.message); process.exit(1); }
      acked++;
      if (acked === lines.length) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        console.log('BENCH-RESULT ' + JSON.stringify({ task: 'mqttjs-pub-q' + qos, rows: acked, seconds, peakMiB: 0 }));
        client.end(false, () => process.exit(0));
      } else {
        pump();
      }
    });
  }
}

client.on('error', (e) => { console.error('publish.js: ' + e.message); process.exit(1); });
client.on('connect', () => { started = process.hrtime.bigint(); pump(); });
