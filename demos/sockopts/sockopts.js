// Two connections, one as Node makes it and one with Nagle turned off and
// keep-alive on. It prints their local ports, and waits until its standard
// input closes, for `sockopts -- node sockopts.js` to look at them.
const net = require('net');
const { once } = require('events');

(async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = server.address().port;
  // ANCHOR: connect
  const plain = net.connect(port, '127.0.0.1');
  const tuned = net.connect(port, '127.0.0.1');
  await Promise.all([once(plain, 'connect'), once(tuned, 'connect')]);
  tuned.setNoDelay(true);
  tuned.setKeepAlive(true, 15000);
  // ANCHOR_END: connect
  console.log(`${plain.localPort} Node, default`);
  console.log(`${tuned.localPort} Node, setNoDelay(true), setKeepAlive(true, 15000)`);
  console.log('ready');
  process.stdin.on('end', () => process.exit(0)).resume();
})();
