// A second, independent MQTT 3.1.1 broker for the client's interop tests: aedes on 127.0.0.1:<port>.
// Usage: node aedes-server.js <port>. Prints "listening <port>" once it accepts connections; stops on SIGTERM.
'use strict';
const net = require('node:net');
const { Aedes } = require('aedes');

async function main() {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0) {
    console.error('usage: node aedes-server.js <port>');
    process.exit(2);
  }
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  server.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
  const stop = () => server.close(() => broker.close(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
