// Prints payloads encoded by sparkplug-payload (Eclipse Tahu) as hex, for the decoder's golden-byte tests.
"use strict";
const payload = require("sparkplug-payload").get("spBv1.0");
const hex = (p) => Buffer.from(payload.encodePayload(p)).toString("hex");
console.log("ddata " + hex({
  timestamp: 1764576000000,
  seq: 5,
  metrics: [
    { alias: 10, type: "Double", value: 71.25 },
    { alias: 11, type: "Int32", value: -3 },
    { alias: 12, type: "Boolean", value: true },
    { alias: 13, type: "Int16", value: -7 },
    { alias: 14, type: "UInt64", value: 1234567890123 },
    { alias: 16, type: "Float", value: 1.5, timestamp: 1764576000500 },
  ],
}));
console.log("nbirth " + hex({
  timestamp: 1764576000000,
  seq: 0,
  metrics: [
    { name: "temperature", alias: 10, type: "Double", value: 70 },
    { name: "label", alias: 15, type: "String", value: "press" },
    { name: "bdSeq", type: "UInt64", value: 3 },
  ],
}));
console.log("rebirth " + hex({
  timestamp: 1764576000000,
  metrics: [{ name: "Node Control/Rebirth", timestamp: 1764576000000, type: "Boolean", value: true }],
}));
