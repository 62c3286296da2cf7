// What a late write meets once the client has gone: Node reports it to the
// write's callback only. No 'error' event comes, and write returns false.
const net = require('net');
const { once } = require('events');

let count = 0;

async function demo(leave) {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect(server.address().port, '127.0.0.1');
  const [socket] = await once(server, 'connection');
  client.on('error', () => {});
  await once(client, 'connect');
  // ANCHOR: late
  socket.on('end', () => console.log("  'end'"));
  socket.on('error', (err) => console.log("  'error':", err.code));
  socket.on('close', (hadError) => console.log("  'close', hadError:", hadError));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  leave(client);
  await closed;
  // The reply's timer fires now, as the article's would.
  const returned = socket.write('server message ' + count++, (err) => {
    console.log('  late write, its callback:', err ? err.code : 'no error');
    console.log('  count is now', count);
  });
  console.log('  late write returned', returned);
  // ANCHOR_END: late
  await new Promise((resolve) => setImmediate(resolve));
  server.close();
}

(async () => {
  console.log('the client ends its side and closes (FIN):');
  await demo((client) => client.end());
  console.log('the client resets the connection (RST):');
  await demo((client) => client.resetAndDestroy());
})();
