// Node-RED settings of the rules benchmark's reference (issue 20): headless, nothing served, nothing fetched.
// The benchmark starts it as: node node_modules/node-red/red.js --settings settings.js --userDir <artifacts folder> flows.json
// with BENCH_MQTT_PORT and BENCH_POST_URL in its environment (the flow reads them: ${...} in flows.json).
module.exports = {
  uiHost: '127.0.0.1',
  uiPort: Number(process.env.BENCH_NODE_RED_PORT || 0),
  // No editor, no admin API and no HTTP-in routes: the flow only subscribes and POSTs.
  httpAdminRoot: false,
  httpNodeRoot: false,
  disableEditor: true,
  credentialSecret: false,
  flowFilePretty: false,
  logging: { console: { level: 'warn', metrics: false, audit: false } },
  diagnostics: { enabled: false },
  runtimeState: { enabled: false },
  telemetry: { enabled: false },
  externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
};
