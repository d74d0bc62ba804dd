#!/usr/bin/env node
// Encodes sample values with node-opcua's own encoders (an independent implementation of
// OPC UA Part 6 5.2) and prints them as hex, one "name hex" pair a line, into golden-node-opcua.txt.
// Run from the repository root after `npm ci` in deploy/simulator/mes-opcua:
//   node tests/IntegrationHub.Adapters.OpcUa.Tests/Encoding/TestData/capture-golden.js > tests/.../golden-node-opcua.txt
"use strict";
const path = require("path");
const m = (name) => require(path.join(__dirname, "../../../../deploy/simulator/mes-opcua/node_modules", name));
const { BinaryStream } = m("node-opcua-binary-stream");
const bt = m("node-opcua-basic-types");
const { NodeId, NodeIdType, ExpandedNodeId } = m("node-opcua-nodeid");
const { Variant, DataType, VariantArrayType } = m("node-opcua-variant");
const { DataValue } = m("node-opcua-data-value");
const { DiagnosticInfo, QualifiedName, LocalizedText } = m("node-opcua-data-model");
const { StatusCodes } = m("node-opcua-status-code");
const { encodeExtensionObject } = m("node-opcua-extension-object");
const types = m("node-opcua-types");

function hex(fn) {
    const s = new BinaryStream(4096);
    fn(s);
    return s.buffer.subarray(0, s.length).toString("hex");
}
const out = [];
function add(name, fn) { out.push(`${name} ${hex(fn)}`); }

add("Boolean.true", (s) => bt.encodeBoolean(true, s));
add("SByte.-5", (s) => bt.encodeInt8(-5, s));
add("Byte.200", (s) => bt.encodeUInt8(200, s));
add("Int16.-2", (s) => bt.encodeInt16(-2, s));
add("UInt16.65000", (s) => bt.encodeUInt16(65000, s));
add("Int32.-123456", (s) => bt.encodeInt32(-123456, s));
add("UInt32.4000000000", (s) => bt.encodeUInt32(4000000000, s));
add("Int64.-2", (s) => bt.encodeInt64([0xffffffff, 0xfffffffe], s));
add("UInt64.0x0102030405060708", (s) => bt.encodeUInt64([0x01020304, 0x05060708], s));
add("Float.1.5", (s) => bt.encodeFloat(1.5, s));
add("Double.-2.25", (s) => bt.encodeDouble(-2.25, s));
add("String.héllo水", (s) => bt.encodeString("héllo水", s));
add("String.null", (s) => bt.encodeString(null, s));
add("DateTime.2026-01-02T03:04:05.678Z", (s) => bt.encodeDateTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), s));
add("Guid.72962B91-FA75-4AE6-8D28-B404DC7DAF63", (s) => bt.encodeGuid("72962B91-FA75-4AE6-8D28-B404DC7DAF63", s));
add("ByteString.010203", (s) => bt.encodeByteString(Buffer.from([1, 2, 3]), s));
add("NodeId.i=72", (s) => bt.encodeNodeId(new NodeId(NodeIdType.NUMERIC, 72, 0), s));
add("NodeId.ns=5;i=1025", (s) => bt.encodeNodeId(new NodeId(NodeIdType.NUMERIC, 1025, 5), s));
add("NodeId.ns=1;i=70000", (s) => bt.encodeNodeId(new NodeId(NodeIdType.NUMERIC, 70000, 1), s));
add("NodeId.ns=300;i=7", (s) => bt.encodeNodeId(new NodeId(NodeIdType.NUMERIC, 7, 300), s));
add("NodeId.ns=1;s=Hot水", (s) => bt.encodeNodeId(new NodeId(NodeIdType.STRING, "Hot水", 1), s));
add("NodeId.ns=2;g=72962B91-FA75-4AE6-8D28-B404DC7DAF63", (s) => bt.encodeNodeId(new NodeId(NodeIdType.GUID, "72962B91-FA75-4AE6-8D28-B404DC7DAF63", 2), s));
add("NodeId.ns=3;b=AQID", (s) => bt.encodeNodeId(new NodeId(NodeIdType.BYTESTRING, Buffer.from([1, 2, 3]), 3), s));
add("ExpandedNodeId.svr=2;nsu=urn:x;i=5", (s) => bt.encodeExpandedNodeId(new ExpandedNodeId(NodeIdType.NUMERIC, 5, 0, "urn:x", 2), s));
add("ExpandedNodeId.nsu=urn:x;s=a", (s) => bt.encodeExpandedNodeId(new ExpandedNodeId(NodeIdType.STRING, "a", 0, "urn:x", 0), s));
add("StatusCode.BadNodeIdUnknown", (s) => bt.encodeStatusCode(StatusCodes.BadNodeIdUnknown, s));
add("QualifiedName.2:Temp", (s) => new QualifiedName({ namespaceIndex: 2, name: "Temp" }).encode(s));
add("LocalizedText.en-US:Hello", (s) => new LocalizedText({ locale: "en-US", text: "Hello" }).encode(s));
add("LocalizedText.text-only", (s) => new LocalizedText({ text: "Hi" }).encode(s));
add("LocalizedText.empty", (s) => new LocalizedText({}).encode(s));
add("Variant.Int32.-7", (s) => new Variant({ dataType: DataType.Int32, value: -7 }).encode(s));
add("Variant.Double.0.5", (s) => new Variant({ dataType: DataType.Double, value: 0.5 }).encode(s));
add("Variant.String.abc", (s) => new Variant({ dataType: DataType.String, value: "abc" }).encode(s));
add("Variant.Null", (s) => new Variant({ dataType: DataType.Null }).encode(s));
add("Variant.Int32Array.1,2,3", (s) => new Variant({ dataType: DataType.Int32, arrayType: VariantArrayType.Array, value: [1, 2, 3] }).encode(s));
add("Variant.StringArray.a,null", (s) => new Variant({ dataType: DataType.String, arrayType: VariantArrayType.Array, value: ["a", null] }).encode(s));
add("Variant.Int32Matrix.2x3", (s) => new Variant({ dataType: DataType.Int32, arrayType: VariantArrayType.Matrix, dimensions: [2, 3], value: [1, 2, 3, 4, 5, 6] }).encode(s));
add("Variant.VariantArray", (s) => new Variant({ dataType: DataType.Variant, arrayType: VariantArrayType.Array, value: [new Variant({ dataType: DataType.Boolean, value: true }), new Variant({ dataType: DataType.String, value: "x" })] }).encode(s));
add("Variant.LocalizedText", (s) => new Variant({ dataType: DataType.LocalizedText, value: new LocalizedText({ locale: "de", text: "Hallo" }) }).encode(s));
add("Variant.NodeId.ns=1;s=X", (s) => new Variant({ dataType: DataType.NodeId, value: new NodeId(NodeIdType.STRING, "X", 1) }).encode(s));
add("Variant.DateTime", (s) => new Variant({ dataType: DataType.DateTime, value: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)) }).encode(s));
add("Variant.ExtensionObject.Range", (s) => new Variant({ dataType: DataType.ExtensionObject, value: new types.Range({ low: -1.5, high: 100 }) }).encode(s));
add("ExtensionObject.Range", (s) => encodeExtensionObject(new types.Range({ low: -1.5, high: 100 }), s));
add("ExtensionObject.null", (s) => encodeExtensionObject(null, s));
add("DataValue.full", (s) => new DataValue({
    value: new Variant({ dataType: DataType.Double, value: 21.5 }),
    statusCode: StatusCodes.UncertainLastUsableValue,
    sourceTimestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), sourcePicoseconds: 10,
    serverTimestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 6, 0)), serverPicoseconds: 20,
}).encode(s));
add("DataValue.valueOnly", (s) => new DataValue({ value: new Variant({ dataType: DataType.Boolean, value: false }) }).encode(s));
add("DataValue.empty", (s) => new DataValue({}).encode(s));
add("DiagnosticInfo.nested", (s) => new DiagnosticInfo({
    symbolicId: 1, namespaceURI: 2, locale: 3, localizedText: 4, additionalInfo: "more",
    innerStatusCode: StatusCodes.BadTimeout,
    innerDiagnosticInfo: new DiagnosticInfo({ symbolicId: 9 }),
}).encode(s));
add("DiagnosticInfo.empty", (s) => new DiagnosticInfo({}).encode(s));
add("ReadValueId.ns=1;s=Line1.Value", (s) => new types.ReadValueId({ nodeId: new NodeId(NodeIdType.STRING, "Line1.Value", 1), attributeId: 13 }).encode(s));
// GetMonitoredItems (Server i=2253, method i=11492) as the client calls it and as a server answers it (Part 4 5.11.2).
add("CallMethodRequest.GetMonitoredItems", (s) => new types.CallMethodRequest({
    objectId: new NodeId(NodeIdType.NUMERIC, 2253, 0), methodId: new NodeId(NodeIdType.NUMERIC, 11492, 0),
    inputArguments: [new Variant({ dataType: DataType.UInt32, value: 7 })],
}).encode(s));
add("CallMethodResult.GetMonitoredItems", (s) => new types.CallMethodResult({
    statusCode: StatusCodes.Good, inputArgumentResults: [StatusCodes.Good],
    outputArguments: [
        new Variant({ dataType: DataType.UInt32, arrayType: VariantArrayType.Array, value: [70001, 70002] }),
        new Variant({ dataType: DataType.UInt32, arrayType: VariantArrayType.Array, value: [1, 2] }),
    ],
}).encode(s));
// HistoryRead of raw values (Part 4 5.10.3, Part 11 6.5.3): the details, a node to read on from a continuation point,
// and one node's result with its HistoryData.
add("ExtensionObject.ReadRawModifiedDetails", (s) => encodeExtensionObject(new types.ReadRawModifiedDetails({
    isReadModified: false, startTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)), endTime: new Date(Date.UTC(2026, 0, 3, 0, 0, 0, 0)),
    numValuesPerNode: 7, returnBounds: false,
}), s));
add("HistoryReadValueId.ns=2;s=Test.Counter", (s) => new types.HistoryReadValueId({
    nodeId: new NodeId(NodeIdType.STRING, "Test.Counter", 2), continuationPoint: Buffer.from([1, 2, 3]),
}).encode(s));
add("HistoryReadResult.TwoValues", (s) => new types.HistoryReadResult({
    statusCode: StatusCodes.Good, continuationPoint: Buffer.from([9, 9]),
    historyData: new types.HistoryData({ dataValues: [
        new DataValue({ value: new Variant({ dataType: DataType.Int32, value: 41 }), sourceTimestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)) }),
        new DataValue({ value: new Variant({ dataType: DataType.Int32, value: 42 }), sourceTimestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 778)) }),
    ] }),
}).encode(s));
process.stdout.write(out.join("\n") + "\n");
