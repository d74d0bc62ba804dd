#!/usr/bin/env node
// Simulated MES OPC UA server for the IntegrationHub demo and tests (node-opcua).
//
// Usage: node server.js [--port N] [--data-dir DIR] [--user NAME --password PW]
//                       [--tick-ms MS] [--auto-accept-client-certs] [--no-anonymous]
//                       [--sales-orders SO-1,SO-2,...]  (the orders the work orders produce for, in turn)
//                       [--first-subscription-id N]  (subscription ids start at N, as after a restart; default random)
//                       [--unencrypted-password-policy]  (the None endpoint takes the password in clear text only)
//                       [--fixed-start-time ISO]  (ServerStatus.StartTime says ISO after every restart)
//                       [--history-max N]  (values kept per historizing variable, in DIR/history; 0 = no history)
//                       [--security-policies None,Basic256Sha256,Aes128_Sha256_RsaOaep,Aes256_Sha256_RsaPss]
//                           (the policies of the endpoints; default None,Basic256Sha256)
//                       [--user-token-policy NAME|URI]  (every endpoint's user name token policy names this security
//                           policy, as servers that name Aes128_Sha256_RsaOaep on Basic256Sha256 endpoints do)
//                       [--alarms N]  (N machines with an alarm condition each, alarms.js; default none)
// Environment: MES_OPCUA_PORT, MES_OPCUA_DATA_DIR, MES_OPCUA_USER, MES_OPCUA_PASSWORD,
//              MES_OPCUA_TICK_MS, MES_OPCUA_AUTO_ACCEPT=1, MES_OPCUA_SALES_ORDERS, MES_OPCUA_ALARMS.
// Binds to 127.0.0.1 only. Prints "READY <endpointUrl>" on stdout when it accepts connections.
"use strict";

const path = require("path");
const fs = require("fs");
const os = require("os");
const {
    OPCUAServer,
    OPCUACertificateManager,
    Variant,
    DataType,
    StatusCodes,
    SecurityPolicy,
    MessageSecurityMode,
    VariantArrayType,
    UserTokenType,
    UserTokenPolicy,
    setNextSubscriptionId,
} = require("node-opcua");
const { createHistory } = require("./history");

function parseArgs(argv) {
    const args = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (!a.startsWith("--")) continue;
        const key = a.slice(2);
        const next = argv[i + 1];
        if (next === undefined || next.startsWith("--")) {
            args[key] = true;
        } else {
            args[key] = next;
            i++;
        }
    }
    return args;
}

const args = parseArgs(process.argv.slice(2));
const env = process.env;
const port = parseInt(args.port || env.MES_OPCUA_PORT || "4840", 10);
const dataDir = path.resolve(args["data-dir"] || env.MES_OPCUA_DATA_DIR || path.join(os.tmpdir(), "mes-opcua"));
const userName = args.user || env.MES_OPCUA_USER || "operator";
const password = args.password || env.MES_OPCUA_PASSWORD || "operator-pw";
const tickMs = parseInt(args["tick-ms"] || env.MES_OPCUA_TICK_MS || "500", 10);
const autoAccept = Boolean(args["auto-accept-client-certs"]) || env.MES_OPCUA_AUTO_ACCEPT === "1";
const allowAnonymous = !args["no-anonymous"];
const firstSubscriptionId = args["first-subscription-id"] ? parseInt(args["first-subscription-id"], 10) : undefined;
const unencryptedPasswordPolicy = Boolean(args["unencrypted-password-policy"]);
const fixedStartTime = args["fixed-start-time"] ? new Date(args["fixed-start-time"]) : undefined;
const historyMax = parseInt(args["history-max"] || "100000", 10);
const securityPolicies = String(args["security-policies"] || "None,Basic256Sha256")
    .split(",").map((s) => s.trim()).filter((s) => s.length > 0)
    .map((name) => {
        if (!SecurityPolicy[name]) throw new Error(`--security-policies: unknown policy ${name}`);
        return SecurityPolicy[name];
    });
const userTokenPolicy = args["user-token-policy"] ? (SecurityPolicy[args["user-token-policy"]] || String(args["user-token-policy"])) : undefined;
const alarmCount = parseInt(args.alarms || env.MES_OPCUA_ALARMS || "0", 10);
const salesOrders = String(args["sales-orders"] || env.MES_OPCUA_SALES_ORDERS || "")
    .split(",").map((s) => s.trim()).filter((s) => s.length > 0);

const NAMESPACE_URI = "urn:integrationhub:simulator:mes";

fs.mkdirSync(dataDir, { recursive: true });

async function main() {
    const serverCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(dataDir, "pki"),
        automaticallyAcceptUnknownCertificate: autoAccept,
    });
    const userCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(dataDir, "user-pki"),
        automaticallyAcceptUnknownCertificate: false,
    });

    const server = new OPCUAServer({
        host: "127.0.0.1",
        hostname: "127.0.0.1",
        port,
        serverCertificateManager,
        userCertificateManager,
        securityPolicies,
        securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
        allowAnonymous,
        userManager: {
            isValidUser: (name, pw) => name === userName && pw === password,
        },
        buildInfo: {
            productName: "IntegrationHub MES simulator",
            productUri: "urn:integrationhub:simulator:mes:product",
            manufacturerName: "IntegrationHub",
            buildNumber: "1",
        },
        serverInfo: {
            applicationUri: "urn:integrationhub:simulator:mes:server",
        },
        serverCapabilities: {
            maxSessions: 100,
            maxBrowseContinuationPoints: 10,
            operationLimits: {
                maxNodesPerBrowse: 1000,
                maxNodesPerRead: 1000,
                // Small, as on many PLC-class servers, so that clients must split CreateMonitoredItems.
                maxMonitoredItemsPerCall: 10,
            },
        },
    });

    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    const ns = addressSpace.registerNamespace(NAMESPACE_URI);

    const history = historyMax > 0 ? createHistory(addressSpace, dataDir, { maxValues: historyMax }) : undefined;
    const mes = ns.addFolder(addressSpace.rootFolder.objects, { browseName: "MES", nodeId: "s=MES" });

    // A variable whose value lives in a plain JS object; explicit minimumSamplingInterval (PEERS.md).
    function addVar(parent, id, browseName, dataType, state, key, opts) {
        opts = opts || {};
        if (opts.historize && history) {
            const variable = ns.addVariable({
                // Set at each change rather than read through a getter, so a sampling interval of 0 reports every change.
                componentOf: parent, browseName, nodeId: "s=" + id, dataType, minimumSamplingInterval: 0,
            });
            history.track(variable, DataType[dataType], () => state[key]);
            return variable;
        }
        return ns.addVariable({
            componentOf: parent,
            browseName,
            nodeId: "s=" + id,
            dataType,
            minimumSamplingInterval: opts.minimumSamplingInterval === undefined ? 50 : opts.minimumSamplingInterval,
            accessLevel: opts.writable ? "CurrentRead | CurrentWrite" : "CurrentRead",
            userAccessLevel: opts.writable ? "CurrentRead | CurrentWrite" : "CurrentRead",
            valueRank: opts.valueRank === undefined ? -1 : opts.valueRank,
            value: {
                get: () => new Variant({
                    dataType: DataType[dataType],
                    arrayType: opts.arrayType,
                    dimensions: opts.dimensions,
                    value: state[key],
                }),
                set: opts.writable
                    ? (variant) => {
                        state[key] = variant.value;
                        return StatusCodes.Good;
                    }
                    : undefined,
            },
        });
    }

    const lines = [];
    let orderSeq = 87;
    function nextOrder(lineNo) {
        orderSeq++;
        const n = String(orderSeq).padStart(3, "0");
        return {
            workOrder: `WO-2026-${lineNo}${n}`,
            salesOrder: salesOrders.length > 0 ? salesOrders[orderSeq % salesOrders.length] : `SO-2025-1022-${n}`,
            planned: 200 + (orderSeq % 5) * 50,
            done: 0,
            scrap: 0,
            qc: "Pending",
            state: "Running",
        };
    }

    for (const lineNo of [1, 2]) {
        const lineId = `Line${lineNo}`;
        const line = ns.addObject({ organizedBy: mes, browseName: lineId, nodeId: `s=${lineId}` });
        const order = nextOrder(lineNo);
        const wo = ns.addObject({ componentOf: line, browseName: "CurrentWorkOrder", nodeId: `s=${lineId}.CurrentWorkOrder` });
        addVar(wo, `${lineId}.CurrentWorkOrder.WorkOrderNumber`, "WorkOrderNumber", "String", order, "workOrder");
        addVar(wo, `${lineId}.CurrentWorkOrder.SalesOrderNumber`, "SalesOrderNumber", "String", order, "salesOrder");
        addVar(wo, `${lineId}.CurrentWorkOrder.QuantityPlanned`, "QuantityPlanned", "UInt32", order, "planned");
        addVar(wo, `${lineId}.CurrentWorkOrder.QuantityDone`, "QuantityDone", "UInt32", order, "done", { historize: true });
        addVar(wo, `${lineId}.CurrentWorkOrder.QuantityScrap`, "QuantityScrap", "UInt32", order, "scrap");
        addVar(wo, `${lineId}.CurrentWorkOrder.QcResult`, "QcResult", "String", order, "qc");
        addVar(wo, `${lineId}.CurrentWorkOrder.State`, "State", "String", order, "state");

        const machines = [];
        for (const m of [1, 2]) {
            const machineId = `${lineId}.Machine${m}`;
            const st = { state: "Running", alarm: false, speed: 60.0 + m * 5 };
            const machine = ns.addObject({ componentOf: line, browseName: `Machine${m}`, nodeId: `s=${machineId}` });
            addVar(machine, `${machineId}.State`, "State", "String", st, "state");
            addVar(machine, `${machineId}.AlarmActive`, "AlarmActive", "Boolean", st, "alarm");
            addVar(machine, `${machineId}.Speed`, "Speed", "Double", st, "speed", { historize: true });
            machines.push(st);
        }
        lines.push({ lineNo, order, machines });
    }

    // Test area: writable values of several types, arrays, a matrix, a folder with many children
    // (BrowseNext) and a fast counter (subscriptions).
    const test = ns.addFolder(addressSpace.rootFolder.objects, { browseName: "Test", nodeId: "s=Test" });
    const tv = {
        int32: 42, double: 3.5, string: "hello", bool: true, byteString: Buffer.from([1, 2, 3]),
        int32Array: [1, 2, 3], stringArray: ["a", "b"], matrix: [1, 2, 3, 4, 5, 6], counter: 0,
        dateTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), guid: "72962B91-FA75-4AE6-8D28-B404DC7DAF63",
    };
    addVar(test, "Test.Int32", "Int32", "Int32", tv, "int32", { writable: true });
    addVar(test, "Test.Double", "Double", "Double", tv, "double", { writable: true });
    addVar(test, "Test.String", "String", "String", tv, "string", { writable: true });
    addVar(test, "Test.Boolean", "Boolean", "Boolean", tv, "bool", { writable: true });
    addVar(test, "Test.ByteString", "ByteString", "ByteString", tv, "byteString", { writable: true });
    addVar(test, "Test.DateTime", "DateTime", "DateTime", tv, "dateTime", { writable: true });
    addVar(test, "Test.Guid", "Guid", "Guid", tv, "guid", { writable: true });
    addVar(test, "Test.Int32Array", "Int32Array", "Int32", tv, "int32Array",
        { writable: true, valueRank: 1, arrayType: VariantArrayType.Array });
    addVar(test, "Test.StringArray", "StringArray", "String", tv, "stringArray",
        { writable: true, valueRank: 1, arrayType: VariantArrayType.Array });
    addVar(test, "Test.Matrix", "Matrix", "Int32", tv, "matrix",
        { valueRank: 2, arrayType: VariantArrayType.Matrix, dimensions: [2, 3] });
    addVar(test, "Test.Counter", "Counter", "Int32", tv, "counter", { historize: true });
    const many = ns.addFolder(test, { browseName: "Many", nodeId: "s=Test.Many" });
    for (let i = 0; i < 25; i++) {
        const id = String(i).padStart(2, "0");
        ns.addVariable({
            componentOf: many, browseName: `Item${id}`, nodeId: `s=Test.Many.Item${id}`, dataType: "Int32",
            minimumSamplingInterval: 0, value: { dataType: DataType.Int32, value: i },
        });
    }

    if (alarmCount > 0) {
        require("./alarms").addAlarms(addressSpace, ns, alarmCount);
    }

    // Production advances every tick; a work order completes, gets a QC result, and the next starts.
    let tick = 0;
    const timer = setInterval(() => {
        tick++;
        tv.counter++;
        for (const line of lines) {
            const o = line.order;
            const running = line.machines.every((m) => m.state === "Running");
            if (o.done + o.scrap < o.planned) {
                o.state = running ? "Running" : "Paused";
                if (running) {
                    o.done += 1;
                    if (tick % 17 === 0) o.scrap += 1;
                }
            } else if (o.done + o.scrap >= o.planned && o.qc === "Pending") {
                o.state = "Completed";
                o.qc = o.scrap * 20 > o.planned ? "Fail" : "Pass";
            } else if (o.qc !== "Pending" && tick % 10 === 0) {
                // Same object: the variables' getters hold a reference to it.
                Object.assign(o, nextOrder(line.lineNo));
            }
            line.machines.forEach((m, idx) => {
                m.speed = 60 + idx * 5 + Math.round(Math.sin(tick / 10) * 50) / 10;
                // Line 2, machine 2 faults now and then, raising the alarm flag.
                if (line.lineNo === 2 && idx === 1) {
                    const phase = tick % 120;
                    m.alarm = phase >= 100;
                    m.state = m.alarm ? "Fault" : "Running";
                }
            });
        }
        if (history) {
            history.record(new Date());
        }
    }, tickMs);

    if (firstSubscriptionId !== undefined) {
        // node-opcua starts at a random id; a server that counts from 1 after every restart (as Part 4 5.13.2
        // allows) gives a reconnecting client ids that other clients may already hold.
        setNextSubscriptionId(firstSubscriptionId);
    }
    if (unencryptedPasswordPolicy) {
        // Like a server whose None endpoint names no security policy for user names (Part 4 7.42): the
        // password would travel in clear text.
        for (const endPoint of server.endpoints) {
            for (const d of endPoint.endpointDescriptions()) {
                if (d.securityMode !== MessageSecurityMode.None) continue;
                const others = d.userIdentityTokens.filter((t) => t.tokenType !== UserTokenType.UserName);
                d.userIdentityTokens = [new UserTokenPolicy({
                    policyId: "username_unsecure", tokenType: UserTokenType.UserName, securityPolicyUri: null,
                }), ...others];
            }
        }
    }
    if (userTokenPolicy !== undefined) {
        // The server then decrypts the password with that policy too: it looks the token policy up by its id.
        for (const endPoint of server.endpoints) {
            for (const d of endPoint.endpointDescriptions()) {
                const others = d.userIdentityTokens.filter((t) => t.tokenType !== UserTokenType.UserName);
                d.userIdentityTokens = [new UserTokenPolicy({
                    policyId: "username_token_policy", tokenType: UserTokenType.UserName, securityPolicyUri: userTokenPolicy,
                }), ...others];
            }
        }
    }
    await server.start();
    if (fixedStartTime !== undefined) {
        // Like a server (or a gateway in front of one) whose StartTime does not change when it restarts: clients
        // cannot tell a restart from it and have to check what a transferred subscription holds.
        server.engine.serverStatus.startTime = fixedStartTime;
    }
    const endpointUrl = server.getEndpointUrl();
    process.stdout.write(`READY ${endpointUrl}\n`);

    let stopping = false;
    async function stop() {
        if (stopping) return;
        stopping = true;
        clearInterval(timer);
        await server.shutdown(0);
        process.exit(0);
    }
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}

main().catch((err) => {
    process.stderr.write(`mes-opcua failed: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
});
