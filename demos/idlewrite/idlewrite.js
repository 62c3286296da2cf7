// socket.setTimeout restarts on writes as well as on reads: while we keep
// writing, a peer that says nothing brings no 'timeout'.
const net = require('net');
const { once } = require('events');

const ticks = 16;
const interval = 50;
const idle = 500;

(async () => {
  console.log(`we write ${ticks} ticks, one every ${interval}ms, to a peer that says nothing; the timeout is ${idle}ms`);
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const conn = net.connect(server.address().port, '127.0.0.1');
  const [peer] = await once(server, 'connection');
  peer.resume(); // the peer reads, and never writes

  // ANCHOR: timeout
  let written = 0;
  const ticker = setInterval(() => {
    conn.write('.');
    if (++written === ticks) clearInterval(ticker);
  }, interval);
  conn.setTimeout(idle);
  conn.on('timeout', () => {
    // The writes took longer than the timeout: each one restarted it.
    const when = written === ticks ? `all ${ticks}` : `fewer than ${ticks}`;
    console.log(`'timeout' came after ${when} writes`);
    conn.end();
  });
  // ANCHOR_END: timeout

  await once(peer, 'end');
  peer.end();
  server.close();
})();
