#!/usr/bin/env node
// The OPC UA benchmark's server (node-opcua): --items N Double variables under Objects/Bench, all changing every
// --tick-ms, so that each item sampled at that interval yields one notification per tick.
// Usage: node server.js --port N --data-dir DIR [--items 10000] [--tick-ms 100]
// Binds to 127.0.0.1 only; prints "READY <endpointUrl>" once it accepts connections, and every 250 ms, per
// subscription, "STATS <subscriptionId> <notifications sent> <queue overflows>" from its diagnostics: what the server
// put into Publish responses, and the samples it overwrote before they could be sent (queue size 1).
// Objects/Bench/Frozen (Boolean, writable): while true the items stop changing, so that a client can end its run with
// nothing in flight and compare what it delivered with what the server sent.
"use strict";

const path = require("path");
const { OPCUAServer, OPCUACertificateManager, Variant, DataType, StatusCodes, SecurityPolicy, MessageSecurityMode } = require("node-opcua");
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
    const control = { frozen: false };
    ns.addVariable({
        componentOf: folder,
        browseName: "Frozen",
        nodeId: "s=Frozen",
        dataType: "Boolean",
        accessLevel: "CurrentRead | CurrentWrite",
        userAccessLevel: "CurrentRead | CurrentWrite",
        minimumSamplingInterval: tickMs,
        value: {
            get: () => new Variant({ dataType: DataType.Boolean, value: control.frozen }),
            set: (variant) => { control.frozen = Boolean(variant.value); return StatusCodes.Good; },
        },
    });
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

    const timer = setInterval(() => { if (!control.frozen) tick++; }, tickMs);
    // The engine keeps no public list of sessions; _sessions is read only here, for the benchmark's figures.
    const stats = setInterval(() => {
        for (const session of Object.values(server.engine._sessions || {})) {
            for (const subscription of (session.publishEngine && session.publishEngine.subscriptions) || []) {
                const d = subscription.subscriptionDiagnostics;
                console.log(`STATS ${subscription.id} ${d.dataChangeNotificationsCount} ${d.monitoringQueueOverflowCount}`);
            }
        }
    }, 250);
    await server.start();
    console.log("READY " + server.getEndpointUrl());

    const stop = async () => {
        clearInterval(timer);
        clearInterval(stats);
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
