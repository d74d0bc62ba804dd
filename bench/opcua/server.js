#!/usr/bin/env node
// The OPC UA benchmark's server (node-opcua): --items N Double variables under Objects/Bench, all changing every
// --tick-ms, so that each item sampled at that interval yields one notification per tick.
// Usage: node server.js --port N --data-dir DIR [--items 10000] [--tick-ms 100]
// Binds to 127.0.0.1 only; prints "READY <endpointUrl>" once it accepts connections, then "TICKS <n>" on SIGTERM.
"use strict";

const path = require("path");
const { OPCUAServer, OPCUACertificateManager, Variant, DataType, SecurityPolicy, MessageSecurityMode } = require("node-opcua");
const { Subscription } = require("node-opcua-server");

// node-opcua caps a Publish response at 1,000 notifications, so 100,000 notifications a second would need 100
// responses a second and the client's count of outstanding Publish requests would decide the figure. Raised, so that
// one response per publishing interval carries a whole sample of every item.
Subscription.maxNotificationPerPublishHighLimit = 100000;

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const port = parseInt(args.port || "0", 10);
const dataDir = path.resolve(args["data-dir"] || "opcua-bench-server");
const items = parseInt(args.items || "10000", 10);
const tickMs = parseInt(args["tick-ms"] || "100", 10);

async function main() {
    const server = new OPCUAServer({
        host: "127.0.0.1",
        hostname: "127.0.0.1",
        port,
        serverCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(dataDir, "pki") }),
        securityPolicies: [SecurityPolicy.None],
        securityModes: [MessageSecurityMode.None],
        allowAnonymous: true,
        maxConnectionsPerEndpoint: 10,
        serverCapabilities: {
            maxSessions: 10,
            operationLimits: { maxMonitoredItemsPerCall: 1000 },
        },
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    const ns = addressSpace.registerNamespace("urn:integrationhub:bench:opcua");
    const folder = ns.addFolder(addressSpace.rootFolder.objects, { browseName: "Bench", nodeId: "s=Bench" });

    let tick = 0;
    for (let i = 0; i < items; i++) {
        const offset = i;
        ns.addVariable({
            componentOf: folder,
            browseName: `Item${i}`,
            nodeId: `s=Item${i}`,
            dataType: "Double",
            // A getter without an explicit minimum sampling interval is forced to 1000 ms (PEERS.md).
            minimumSamplingInterval: tickMs,
            value: { get: () => new Variant({ dataType: DataType.Double, value: tick + offset }) },
        });
    }

    const timer = setInterval(() => { tick++; }, tickMs);
    await server.start();
    console.log("READY " + server.getEndpointUrl());

    const stop = async () => {
        clearInterval(timer);
        console.log("TICKS " + tick);
        await server.shutdown(100);
        process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
