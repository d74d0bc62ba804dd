// Alarm conditions for the MES simulator (issue 22 item 1), on only with --alarms N (MES_OPCUA_ALARMS).
//
// Objects/Alarms (an event notifier of the Server object) holds N machines Machine0001..MachineNNNN, each the source of
// one AlarmConditionType condition "Fault" (node s=Alarms.MachineNNNN.Fault). Three writable variables per machine
// drive it, so a client (a test, a benchmark, the demo) raises and clears alarms with plain Writes, many in one call:
//   s=Alarms.MachineNNNN.Severity (UInt16, 1-1000) and s=Alarms.MachineNNNN.Message (String): used at the next change;
//   s=Alarms.MachineNNNN.Active (Boolean): true raises the condition (ActiveState true, AckedState false, Retain true),
//   false clears it (ActiveState false; Retain stays true until the raise is acknowledged).
// Acknowledge (Part 9 5.7.3) and ConditionRefresh (Part 9 5.5.7) are node-opcua's own.
"use strict";

const { DataType, StatusCodes, Variant } = require("node-opcua");

function addAlarms(addressSpace, ns, count) {
    // Binds ConditionRefresh, Acknowledge, Confirm and the other A&C methods to node-opcua's implementations.
    addressSpace.installAlarmsAndConditionsService();
    const server = addressSpace.rootFolder.objects.server;
    const area = ns.addObject({
        organizedBy: addressSpace.rootFolder.objects,
        browseName: "Alarms",
        nodeId: "s=Alarms",
        eventNotifier: 1,
        notifierOf: server,
    });
    const alarms = [];
    for (let i = 1; i <= count; i++) {
        const name = "Machine" + String(i).padStart(4, "0");
        const id = "Alarms." + name;
        const machine = ns.addObject({ componentOf: area, browseName: name, nodeId: "s=" + id, eventSourceOf: area, eventNotifier: 1 });
        const state = { active: false, severity: 500, message: name + " fault" };
        const active = control(ns, machine, id, "Active", "Boolean", state, "active");
        control(ns, machine, id, "Severity", "UInt16", state, "severity");
        control(ns, machine, id, "Message", "String", state, "message");
        const alarm = ns.instantiateAlarmCondition("AlarmConditionType", {
            browseName: "Fault",
            nodeId: "s=" + id + ".Fault",
            componentOf: machine,
            conditionSource: machine,
            conditionOf: machine,
            conditionName: "Fault",
            inputNode: active,
        });
        // node-opcua names the source "<namespace index>:<browse name>"; the SourceName of a real server is its plain name.
        alarm.sourceName.setValueFromSource({ dataType: DataType.String, value: name });
        alarm.setEnabledState(true);
        // node-opcua drops Retain at an acknowledgement even while the alarm is active; Part 9 5.5.2 keeps it while the
        // condition is of interest, and a ConditionRefresh must resend an active alarm.
        alarm.on("acknowledged", () => {
            if (alarm.currentBranch().getActiveState()) {
                alarm.currentBranch().setRetain(true);
            }
        });
        state.onActive = (value) => {
            if (value === alarm.currentBranch().getActiveState()) return;
            if (value) {
                alarm.activateAlarm();
                alarm.raiseNewCondition({ message: state.message, severity: state.severity, retain: true });
            } else {
                const acked = alarm.currentBranch().getAckedState();
                alarm.deactivateAlarm(!acked);
                alarm.raiseNewCondition({ message: state.message, severity: state.severity, retain: !acked });
            }
        };
        alarms.push({ name, state, alarm });
    }
    return alarms;
}

function control(ns, parent, id, browseName, dataType, state, key) {
    return ns.addVariable({
        componentOf: parent,
        browseName,
        nodeId: "s=" + id + "." + browseName,
        dataType,
        minimumSamplingInterval: 50,
        accessLevel: "CurrentRead | CurrentWrite",
        userAccessLevel: "CurrentRead | CurrentWrite",
        value: {
            get: () => new Variant({ dataType: DataType[dataType], value: state[key] }),
            set: (variant) => {
                if (key === "severity" && (variant.value < 1 || variant.value > 1000)) return StatusCodes.BadOutOfRange;
                state[key] = variant.value;
                if (key === "active") state.onActive(Boolean(variant.value));
                return StatusCodes.Good;
            },
        },
    });
}

module.exports = { addAlarms };
