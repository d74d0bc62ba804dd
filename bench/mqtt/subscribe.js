// The QoS 1 reference subscriber of the mqtt benchmark (MQTT.js, the field's most used client).
// node subscribe.js <port> <topic filter> <qos> <count> <client id> <limit seconds> [live|prepare|drain]
//   live: clean session, subscribe, count; prepare: subscribe with a persistent session (expiry 1 h) and leave;
//   drain: resume that session (the broker delivers what it queued meanwhile) and count.
// Run with NODE_PATH=tests/peers/mqtt/node_modules. Counts <count> messages, then prints one line:
// BENCH-RESULT {"task":...,"rows":N,"seconds":first-to-last,"peakMiB":VmHWM}
'use strict';
const fs = require('fs');
const mqtt = require('mqtt');

const [port, filter, qosText, countText, clientId, limitText, modeText] = process.argv.slice(2);
const mode = modeText || 'live';
const qos = Number(qosText);
const count = Number(countText);
const client = mqtt.connect({
  host: '127.0.0.1', port: Number(port), clientId, clean: mode !== 'drain', protocolVersion: 5, reconnectPeriod: 0,
  properties: mode === 'live' ? {} : { sessionExpiryInterval: 3600 },
});
let received = 0;
let first = 0n;
let last = 0n;

const limit = setTimeout(() => {
  console.error(`subscribe.js: ${received} of ${count} messages within ${limitText} s`);
  process.exit(2);
}, Number(limitText) * 1000);

function peakMiB() {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? parseInt(line.slice(6), 10) / 1024 : null;
}

client.on('error', (e) => { console.error('subscribe.js: ' + e.message); process.exit(1); });
client.on('connect', () => {
  if (mode === 'drain') return;
  client.subscribe(filter, { qos }, (err) => {
    if (err) { console.error('subscribe.js: ' + err.message); process.exit(1); }
    console.log('READY');
    if (mode === 'prepare') client.end(false, () => process.exit(0));
  });
});
client.on('message', () => {
  const now = process.hrtime.bigint();
  if (received === 0) first = now;
  last = now;
  received++;
  if (received === count) {
    clearTimeout(limit);
    const seconds = Number(last - first) / 1e9;
    const cpu = process.cpuUsage();
    console.log('BENCH-RESULT ' + JSON.stringify({
      task: 'mqttjs-sub-q' + qos + '-' + mode, rows: received, seconds, peakMiB: peakMiB(), cpuSeconds: (cpu.user + cpu.system) / 1e6,
    }));
    // Let MQTT.js send the last PUBACK before closing.
    setImmediate(() => client.end(false, () => process.exit(0)));
  }
});
