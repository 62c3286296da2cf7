// What a late write meets once the client has gone. After 'close', Node
// reports it to the write's callback only: no 'error' event comes, and
// write returns false. Between 'end' and the socket's destruction, which
// 'close' follows, the write emits 'error' as well.
const net = require('net');
const { once } = require('events');

let count = 0;

async function demo(leave, lateAfter) {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect(server.address().port, '127.0.0.1');
  const [socket] = await once(server, 'connection');
  client.on('error', () => {});
  await once(client, 'connect');
  // ANCHOR: late
  socket.on('end', () => console.log("  'end'"));
  socket.on('error', (err) => console.log("  'error':", err.code, `(${err.message})`));
  socket.on('close', (hadError) => console.log("  'close', hadError:", hadError));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const gone = new Promise((resolve) => socket.once(lateAfter, resolve));
  leave(client, socket);
  await gone;
  // The reply's timer fires now, as the article's would.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const returned = socket.write('server message ' + count++, (err) => {
    console.log('  late write, its callback:', err ? err.code : 'no error');
    console.log('  count is now', count);
  });
  console.log('  late write returned', returned);
  // ANCHOR_END: late
  await closed;
  await new Promise((resolve) => setImmediate(resolve));
  client.destroy();
  server.close();
}

(async () => {
  console.log('the client ends its side and closes (FIN):');
  await demo((client) => client.end(), 'close');
  console.log('the client resets the connection (RST):');
  await demo((client) => client.resetAndDestroy(), 'close');
  // Node ends our side after 'end', but the end waits for what is still
  // queued: a client that does not read keeps the socket from closing.
  console.log("the client ends its side, an earlier reply still queued unread (FIN):");
  await demo((client, socket) => {
    client.pause();
    socket.write(Buffer.alloc(16 << 20));
    client.end();
  }, 'end');
})();
