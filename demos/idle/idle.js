// socket.setTimeout is an idle timer: every read or write restarts it, and
// when it fires Node only emits 'timeout'. The socket stays open.
const net = require('net');
const { once } = require('events');

const ticks = 16;
const interval = 50;
const idle = 500;

(async () => {
  console.log(`the peer sends ${ticks} ticks, one every ${interval}ms; the timeout is ${idle}ms`);
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const conn = net.connect(server.address().port, '127.0.0.1');
  const [peer] = await once(server, 'connection');
  let sent = 0;
  const ticker = setInterval(() => {
    peer.write('.');
    if (++sent === ticks) clearInterval(ticker);
  }, interval);

  // ANCHOR: timeout
  let received = 0;
  conn.on('data', (data) => { received += data.length; });
  conn.setTimeout(idle);
  conn.on('timeout', () => {
    const when = received === ticks ? `all ${ticks}` : `fewer than ${ticks}`;
    console.log(`'timeout' came after ${when} ticks; destroyed: ${conn.destroyed}`);
    // Nothing was closed: ending the connection is up to us.
    conn.end('still here\n');
  });
  // ANCHOR_END: timeout

  let heard = '';
  peer.on('data', (data) => { heard += data; });
  await once(peer, 'end');
  console.log(`the peer then received ${JSON.stringify(heard)}`);
  peer.end();
  server.close();
})();
