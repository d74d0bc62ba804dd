// A Sparkplug B edge node with one device, built on Eclipse Tahu's JavaScript client (sparkplug-client), for the
// hub's Sparkplug B tests. Usage: node edge-node.js <broker port> <group> <edge node> <device>
// It connects to 127.0.0.1 only, publishes NBIRTH and DBIRTH, answers an NCMD "Node Control/Rebirth" with both births
// again, and takes commands on stdin, one a line:
//   data <n>   publish n DDATA messages whose metrics carry only their aliases
//   skip       use up one seq without publishing: the hub sees a gap, as if a message were lost
//   ddeath     publish DDEATH for the device
//   die        exit without an MQTT DISCONNECT: the broker publishes the NDEATH will
// It prints one line per event on stdout (connected, births, data <n>, rebirth, skipped, ddeath) for the test to wait on.
"use strict";
const readline = require("readline");
const sparkplug = require("sparkplug-client");

const [port, groupId, edgeNode, deviceId] = process.argv.slice(2);
if (!port || !groupId || !edgeNode || !deviceId) {
  console.error("usage: node edge-node.js <broker port> <group> <edge node> <device>");
  process.exit(2);
}

const client = sparkplug.newClient({
  serverUrl: `tcp://127.0.0.1:${port}`,
  username: "edge",
  password: "edge",
  groupId,
  edgeNode,
  clientId: `sparkplug-sim-${edgeNode}-${process.pid}`,
  version: "spBv1.0",
  publishDeath: false,
});

let sent = 0;

function nodeBirth() {
  return {
    timestamp: Date.now(),
    metrics: [
      { name: "Node Control/Rebirth", type: "Boolean", value: false },
      { name: "Properties/Hardware", type: "String", value: "simulated press line" },
      { name: "uptime", alias: 1, type: "Int64", value: 0 },
    ],
  };
}

function deviceBirth() {
  return {
    timestamp: Date.now(),
    metrics: [
      { name: "temperature", alias: 10, type: "Double", value: 70.0 },
      { name: "rpm", alias: 11, type: "Int32", value: 1000 },
      { name: "running", alias: 12, type: "Boolean", value: true },
      { name: "offset", alias: 13, type: "Int16", value: -7 },
      { name: "count", alias: 14, type: "UInt64", value: 0 },
      { name: "label", alias: 15, type: "String", value: "press" },
    ],
  };
}

function births() {
  client.publishNodeBirth(nodeBirth());
  client.publishDeviceBirth(deviceId, deviceBirth());
  console.log("births");
}

function deviceData() {
  sent++;
  return {
    timestamp: Date.now(),
    metrics: [
      { alias: 10, type: "Double", value: 70 + sent / 10 },
      { alias: 11, type: "Int32", value: 1000 + sent },
      { alias: 12, type: "Boolean", value: sent % 2 === 0 },
      { alias: 13, type: "Int16", value: -7 },
      { alias: 14, type: "UInt64", value: sent },
    ],
  };
}

client.on("connect", () => console.log("connected"));
client.on("birth", births);
client.on("ncmd", (payload) => {
  const rebirth = (payload.metrics || []).find((m) => m.name === "Node Control/Rebirth" && m.value === true);
  if (rebirth) {
    console.log("rebirth");
    births();
  }
});
client.on("error", (error) => console.error(`error ${error.message}`));

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  switch (command) {
    case "data": {
      const count = Number(argument || 1);
      for (let i = 0; i < count; i++) {
        client.publishDeviceData(deviceId, deviceData());
      }
      console.log(`data ${count}`);
      break;
    }
    case "skip":
      client.incrementSeqNum();
      console.log("skipped");
      break;
    case "ddeath":
      client.publishDeviceDeath(deviceId, { timestamp: Date.now(), metrics: [] });
      console.log("ddeath");
      break;
    case "die":
      // No DISCONNECT: the broker sees the connection drop and publishes the NDEATH registered as the will.
      process.exit(0);
      break;
    default:
      console.error(`unknown command ${line}`);
  }
});
