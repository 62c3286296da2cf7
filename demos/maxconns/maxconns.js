// server.maxConnections turns away the connections beyond it: Node
// accepts each one, emits 'drop' on the server, and closes it at once.
// The client is connected, then sees the end, and is never told why.
const net = require('net');
const { once } = require('events');

(async () => {
  // ANCHOR: server
  const server = net.createServer((socket) => socket.write('hello\r\n'));
  server.maxConnections = 1;
  server.on('drop', () => console.log("server: 'drop' (the connection is closed)"));
  // ANCHOR_END: server
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();

  const first = net.connect(port, '127.0.0.1');
  const [hello] = await once(first, 'data');
  console.log(`first client: ${JSON.stringify(String(hello))}`);

  // The second client's events are told once it has closed: the server's
  // 'drop' came before its end, but not necessarily before its 'connect'.
  const second = net.connect(port, '127.0.0.1');
  const events = [];
  let received = '';
  second.on('data', (data) => { received += data; });
  second.on('connect', () => events.push("'connect'"));
  second.on('end', () => events.push(`'end', having received ${JSON.stringify(received)}`));
  await once(second, 'close');
  for (const e of events) console.log(`second client: ${e}`);
  first.destroy();
  server.close();
})();
