// socket.write never waits. It returns false once Node's own queue holds
// writableHighWaterMark bytes, and queues the data anyway; 'drain' says
// when the queue has emptied.
const net = require('net');
const { once } = require('events');

const chunk = Buffer.alloc(1024, 'x');

// againstMark says how a number of queued bytes stands against the
// socket's writableHighWaterMark. The mark itself is not the same in
// every Node version (demos/highwater prints it); how the queue stands
// against it is.
function againstMark(bytes, socket) {
  const over = bytes - socket.writableHighWaterMark;
  if (over === 0) return 'writableHighWaterMark bytes';
  return `writableHighWaterMark ${over > 0 ? '+' : '-'} ${Math.abs(over)} bytes`;
}

async function connectedPair() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const conn = net.connect(server.address().port, '127.0.0.1');
  const [peer] = await once(server, 'connection');
  server.close();
  return [conn, peer];
}

(async () => {
  let [conn, peer] = await connectedPair();

  // ANCHOR: ignore
  // The peer does not read: the kernel's buffers fill, then
  // Node's queue.
  peer.pause();
  while (conn.write(chunk));
  console.log('write returned false with', againstMark(conn.writableLength, conn), 'queued in Node');
  for (let i = 0; i < 10000; i++) conn.write(chunk); // false each time, ignored
  console.log('after 10000 more writes:', againstMark(conn.writableLength, conn), 'queued in Node');
  // ANCHOR_END: ignore
  conn.destroy();
  peer.destroy();

  [conn, peer] = await connectedPair();
  // ANCHOR: drain
  // The peer reads; on false, we wait for 'drain'.
  let received = 0;
  peer.on('data', (data) => { received += data.length; });
  let most = 0;
  for (let i = 0; i < 4096; i++) {
    if (!conn.write(chunk)) {
      most = Math.max(most, conn.writableLength);
      await once(conn, 'drain');
    }
  }
  conn.end();
  await once(peer, 'end');
  console.log('with drain: at most', againstMark(most, conn), 'queued; the peer received', received);
  // ANCHOR_END: drain
})();
