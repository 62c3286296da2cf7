// 'close' comes however a socket closed: after the peer's end, after an
// error, or after our own destroy(). hadError tells the cases apart.
const net = require('net');
const { once } = require('events');
const { spawnSync } = require('child_process');

async function demo(what, act) {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect(server.address().port, '127.0.0.1');
  const [socket] = await once(server, 'connection');
  server.close();
  client.on('error', () => {});

  // ANCHOR: events
  const seen = [];
  socket.on('end', () => seen.push("'end'"));
  socket.on('error', (err) => seen.push(`'error' ${err.code}`));
  socket.on('close', (hadError) => {
    seen.push(`'close' (hadError: ${hadError})`);
    console.log(`${what}: ${seen.join(', then ')}`);
  });
  socket.resume();
  // ANCHOR_END: events
  const closed = new Promise((resolve) => socket.once('close', resolve));
  act(client, socket);
  await closed;
}

// ANCHOR: article
// The article's server has no 'error' listener. Run it in a child process
// and reset a connection to it.
function articleServer() {
  const server = net.createServer((c) => {
    c.write('hello\r\n');
    c.pipe(c);
  });
  server.listen(0, '127.0.0.1', () => {
    const client = net.connect(server.address().port, '127.0.0.1');
    client.once('data', () => client.resetAndDestroy());
  });
}
// ANCHOR_END: article

(async () => {
  if (process.argv[2] === 'article') return articleServer();
  await demo('the peer ends (FIN)', (client) => client.end());
  await demo('the peer resets (RST)', (client) => client.resetAndDestroy());
  await demo('we call destroy()', (client, socket) => socket.destroy());

  // ANCHOR: crash
  const child = spawnSync(process.execPath, [__filename, 'article'], { encoding: 'utf8', timeout: 10000 });
  const thrown = child.stderr.match(/^Error: .*$/m)[0];
  const unhandled = child.stderr.includes("Unhandled 'error' event");
  console.log(`no 'error' listener, the peer resets: the process dies, exit code ${child.status}: ${thrown} (unhandled 'error' event: ${unhandled})`);
  // ANCHOR_END: crash
})();
