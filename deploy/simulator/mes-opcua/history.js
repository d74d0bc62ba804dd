// History of the simulator's historizing variables (issue 22 item 2), for HistoryRead (Part 11 6.5.3, raw values).
//
// node-opcua's own historian keeps values in memory only, so a restarted server would have forgotten the values a
// client missed while it was cut off. This one appends every value to DIR/history/<node>.jsonl as it is recorded
// and reads the files back at start, so the history spans restarts (a line torn by a kill is skipped).
//
// A historized variable is not bound to a getter: its value is set with the time of the change (setValueFromSource
// at each tick), so that a value read from history and the same value delivered by a subscription carry the same
// source timestamp, as on a real server whose device stamps its values.
"use strict";

const fs = require("fs");
const path = require("path");
const { Variant, DataValue, StatusCodes } = require("node-opcua");

class FileHistorian {
    constructor(file, maxValues) {
        this._file = file;
        this._maxValues = maxValues;
        this._values = load(file);
        this._trim();
    }

    // Called by node-opcua for every value change of the node.
    async push(dataValue) {
        const entry = {
            t: dataValue.sourceTimestamp ? dataValue.sourceTimestamp.getTime() : Date.now(),
            d: dataValue.value.dataType,
            v: dataValue.value.value,
        };
        this._values.push(toDataValue(entry));
        fs.appendFileSync(this._file, JSON.stringify(entry) + "\n");
        this._trim();
    }

    // node-opcua pages the result into continuation points itself (numValuesPerNode).
    extractDataValues(details, maxNumberToExtract, isReversed, reverseDataValue, callback) {
        const start = isMin(details.startTime) ? -Infinity : details.startTime.getTime();
        const end = isMin(details.endTime) ? Infinity : details.endTime.getTime();
        let found = this._values.filter((dv) => {
            const t = dv.sourceTimestamp.getTime();
            return t >= start && t <= end;
        });
        if (isReversed) {
            found.reverse();
        }
        if (maxNumberToExtract > 0) {
            found = found.slice(0, maxNumberToExtract);
        }
        if (reverseDataValue) {
            found.reverse();
        }
        callback(null, found);
    }

    _trim() {
        if (this._values.length > this._maxValues) {
            this._values.splice(0, this._values.length - this._maxValues);
        }
    }
}

function isMin(date) {
    return !date || date.getTime() <= Date.UTC(1601, 0, 1);
}

function toDataValue(entry) {
    const when = new Date(entry.t);
    return new DataValue({
        value: new Variant({ dataType: entry.d, value: entry.v }),
        statusCode: StatusCodes.Good, // the simulator records good values only
        sourceTimestamp: when,
        serverTimestamp: when,
    });
}

function load(file) {
    if (!fs.existsSync(file)) {
        return [];
    }
    const values = [];
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (line.length === 0) continue;
        try {
            values.push(toDataValue(JSON.parse(line)));
        } catch {
            // A line cut short when the server was killed while writing it.
        }
    }
    values.sort((a, b) => a.sourceTimestamp.getTime() - b.sourceTimestamp.getTime());
    return values;
}

// Returns { track(variable, dataType, read), record(when) }. track() makes a variable historizing; record() sets
// every tracked variable whose state changed, stamped with `when`.
function createHistory(addressSpace, dataDir, options) {
    const dir = path.join(dataDir, "history");
    fs.mkdirSync(dir, { recursive: true });
    const tracked = [];
    return {
        track(variable, dataType, read) {
            const file = path.join(dir, String(variable.nodeId.value).replace(/[^A-Za-z0-9._-]/g, "_") + ".jsonl");
            addressSpace.installHistoricalDataNode(variable, { historian: new FileHistorian(file, options.maxValues) });
            const entry = { variable, dataType, read, last: undefined };
            tracked.push(entry);
            set(entry, new Date());
        },
        record(when) {
            for (const entry of tracked) {
                if (entry.read() !== entry.last) {
                    set(entry, when);
                }
            }
        },
    };
}

function set(entry, when) {
    entry.last = entry.read();
    entry.variable.setValueFromSource(new Variant({ dataType: entry.dataType, value: entry.last }), StatusCodes.Good, when);
}

module.exports = { createHistory };
