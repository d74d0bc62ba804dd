#!/usr/bin/env node
// The OPC UA benchmark's reference client: node-opcua's own client subscribed to the same items as the hub's client,
// with the same settings (one subscription, publishing and sampling every --interval-ms, queue size 1, items created
// 1,000 per call). After --warmup seconds it counts notifications, CPU time and memory for --seconds.
// Usage: node subscribe.js --url URL --data-dir DIR [--items 10000] [--interval-ms 100] [--warmup 5] [--seconds 30]
// Then it freezes the items (Objects/Bench/Frozen), waits until nothing is in flight and reports its total too.
// Prints one line: OPCUA-RESULT {"task":...,"notifications":...,"seconds":...,"cpuSeconds":...,"peakMiB":...,"total":...}
"use strict";

const path = require("path");
const {
    OPCUAClient, OPCUACertificateManager, ClientSubscription, ClientMonitoredItemGroup, AttributeIds,
    TimestampsToReturn, MessageSecurityMode, SecurityPolicy, DataType,
} = require("node-opcua");

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const url = args.url;
const items = parseInt(args.items || "10000", 10);
const intervalMs = parseInt(args["interval-ms"] || "100", 10);
const warmup = parseFloat(args.warmup || "5");
const seconds = parseFloat(args.seconds || "30");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
    const client = OPCUAClient.create({
        applicationName: "bench-node-opcua",
        securityMode: MessageSecurityMode.None,
        securityPolicy: SecurityPolicy.None,
        endpointMustExist: false,
        keepSessionAlive: true,
        connectionStrategy: { maxRetry: 0 },
        clientCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(path.resolve(args["data-dir"] || "opcua-bench-client"), "pki") }),
    });
    await client.connect(url);
    const session = await client.createSession();
    // Named by URI as the hub's client names it; node-opcua wants the index of this session's namespace table.
    await session.readNamespaceArray();
    const ns = session.getNamespaceIndex("urn:integrationhub:bench:opcua");
    const subscription = ClientSubscription.create(session, {
        requestedPublishingInterval: intervalMs,
        requestedLifetimeCount: 600,
        requestedMaxKeepAliveCount: 10,
        maxNotificationsPerPublish: 0,
        publishingEnabled: true,
        priority: 0,
    });
    await new Promise((resolve) => subscription.once("started", resolve));

    const frozen = `ns=${ns};s=Frozen`;
    await session.write({ nodeId: frozen, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Boolean, value: false } } });
    let notifications = 0;
    const groups = [];
    for (let start = 0; start < items; start += 1000) {
        const batch = [];
        for (let i = start; i < Math.min(items, start + 1000); i++) {
            batch.push({ nodeId: `ns=${ns};s=Item${i}`, attributeId: AttributeIds.Value });
        }
        const group = ClientMonitoredItemGroup.create(subscription, batch,
            { samplingInterval: intervalMs, queueSize: 1, discardOldest: true }, TimestampsToReturn.Both);
        group.on("changed", () => { notifications++; });
        await new Promise((resolve) => group.once("initialized", resolve));
        groups.push(group);
    }

    await sleep(warmup * 1000);
    const n0 = notifications;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await sleep(seconds * 1000);
    const n1 = notifications;
    const cpu1 = process.cpuUsage(cpu0);
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    await session.write({ nodeId: frozen, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Boolean, value: true } } });
    await sleep(3000);
    const result = {
        task: "node-opcua",
        notifications: n1 - n0,
        seconds: elapsed,
        cpuSeconds: (cpu1.user + cpu1.system) / 1e6,
        peakMiB,
        items: groups.length * 1000,
        total: notifications,
        subscriptionId: subscription.subscriptionId,
    };
    console.log("OPCUA-RESULT " + JSON.stringify(result));
    await subscription.terminate();
    await session.close();
    await client.disconnect();
    process.exit(0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
