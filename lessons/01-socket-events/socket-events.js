// Lesson 1 in Node: the eight socket events of the article, each logged as
// it fires, against the peer of the Go program (socket-events -serve).
// Usage: node socket-events.js [-addr host:port] [-timeout ms] [-wait ms]
const net = require('net');
const { once } = require('events');

const positive = (name) => (v) => (/^[0-9]+$/.test(v) && Number(v) > 0 ? null : `-${name} ${JSON.stringify(v)} is not a number above 0`);
const args = flags({ addr: 'localhost:8125', timeout: '100', wait: '5000' },
  { addr: checkAddr, timeout: positive('timeout'), wait: positive('wait') });
const drainSize = 64 << 20;

async function walk() {
  const i = args.addr.lastIndexOf(':');
  const host = args.addr.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  const port = Number(args.addr.slice(i + 1));
  const wait = Number(args.wait);

  // ANCHOR: lookup
  // allowHalfOpen: after 'end', our side stays open until we
  // end it. timeout: a peer that says nothing for that long is
  // given up on.
  const socket = net.connect({ host, port, allowHalfOpen: true, timeout: wait });
  socket.on('timeout', () => socket.destroy(new Error(`no answer within ${wait}ms (is the peer socket-events -serve?)`)));
  // ANCHOR: lookup-event
  socket.on('lookup', (err, address, family) => {
    if (!err) console.log(`lookup: 'lookup' gave ${address} (IPv${family}) for ${JSON.stringify(host)}`);
  });
  // ANCHOR_END: lookup-event
  // ANCHOR_END: lookup
  // ANCHOR: connect
  await once(socket, 'connect');
  console.log(`connect: 'connect' fired, connected to ${socket.remoteAddress}`);
  // ANCHOR_END: connect

  // ANCHOR: data
  const [greeting] = await once(socket, 'data');
  console.log(`data: 'data' fired with ${greeting.length} bytes: ${JSON.stringify(String(greeting))}`);
  // ANCHOR_END: data

  // ANCHOR: drain
  // The peer echoes what we send; we read the echo as it comes.
  let echoed = 0;
  const onData = (data) => { echoed += data.length; };
  socket.on('data', onData);
  const payload = Buffer.alloc(drainSize, 'x');
  payload[drainSize - 1] = 0x0a; // "\n": the peer echoes line by line
  // ANCHOR: drain-write
  const accepted = socket.write(payload);
  const queued = socket.writableLength; // bytes of writes not yet completed
  await once(socket, 'drain');
  // ANCHOR_END: drain-write
  const left = socket.writableLength;
  while (echoed < drainSize) await once(socket, 'data');
  socket.off('data', onData);
  console.log(`drain: write returned ${accepted} with ${queued} bytes queued; 'drain' fired with ${left} left, and all ${drainSize >> 20} MiB came back`);
  // ANCHOR_END: drain

  // ANCHOR: end
  // The peer answers our "bye\r\n" and ends its side.
  // ANCHOR: end-event
  socket.write('bye\r\n');
  socket.resume();
  await once(socket, 'end');
  // ANCHOR_END: end-event
  // With allowHalfOpen our side is still open, and this write
  // goes out. Without it, Node has ended our side by now: the
  // write fails, and the socket emits 'error' as well, which
  // needs a listener.
  const failed = once(socket, 'error');
  const written = new Promise((resolve, reject) => {
    socket.write('still here\r\n', (err) => (err ? reject(err) : resolve()));
  });
  await Promise.race([written, failed]);
  console.log(`end: 'end' fired (the peer called CloseWrite); with allowHalfOpen we could still write "still here\\r\\n"`);
  // ANCHOR_END: end

  // ANCHOR: close
  socket.destroy();
  const [hadError] = await once(socket, 'close');
  console.log(`close: after destroy(), 'close' fired with hadError ${hadError}`);
  // ANCHOR_END: close

  await timeoutEvent(host, port, Number(args.timeout));
  await refused();
}

// ANCHOR: timeout
// timeout: setTimeout is an idle timer. 'timeout' only reports
// the silence; the socket stays open.
async function timeoutEvent(host, port, ms) {
  const socket = net.connect({ host, port });
  await once(socket, 'data'); // the greeting
  // ANCHOR: timeout-event
  socket.setTimeout(ms);
  await once(socket, 'timeout');
  socket.setTimeout(0);
  // ANCHOR_END: timeout-event
  socket.write('ping\r\n');
  const [echo] = await once(socket, 'data');
  console.log(`timeout: 'timeout' fired after ${ms}ms of silence, then the same socket echoed ${JSON.stringify(String(echo))}`);
  socket.destroy();
}
// ANCHOR_END: timeout

// ANCHOR: error
// error: a port we just stopped listening on is one where
// nobody answers.
async function refused() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  // ANCHOR: error-event
  const socket = net.connect(port, '127.0.0.1');
  const [err] = await once(socket, 'error');
  // ANCHOR_END: error-event
  console.log(`error: 'error' fired with ${err.code} for a closed port`);
}
// ANCHOR_END: error

walk().catch((err) => {
  const hint = err.code === 'ECONNREFUSED' ? ' (is socket-events -serve running?)' : '';
  console.error(`socket-events.js: ${err.message}${hint}`);
  process.exitCode = 1;
});

// flags reads "-name value" pairs over the defaults. A flag or a value that
// is wrong is one line on stderr, then the usage, and exit status 2, as
// with the Go programs.
function flags(defaults, checks) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  const fail = (why) => {
    console.error(`socket-events.js: ${why}`);
    console.error(`usage: node socket-events.js [-addr host:port] [-timeout ms] [-wait ms]`);
    process.exit(2);
  };
  if (argv.some((a) => /^--?(h|help)$/.test(a))) {
    console.log(`usage: node socket-events.js [-addr host:port] [-timeout ms] [-wait ms]`);
    process.exit(0);
  }
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--?/, '');
    if (!(name in out)) fail(`flag provided but not defined: ${argv[i]}`);
    if (i + 1 >= argv.length) fail(`flag needs an argument: ${argv[i]}`);
    out[name] = argv[i + 1];
  }
  for (const [name, check] of Object.entries(checks)) {
    const why = check(out[name]);
    if (why) fail(why);
  }
  return out;
}

// checkAddr accepts host:port, with a port from 1 to 65535 and an IPv6
// host in brackets. The walk starts with a host name to look up, which a
// Unix socket does not have.
function checkAddr(addr) {
  const i = addr.lastIndexOf(':');
  const host = addr.slice(0, i);
  const port = addr.slice(i + 1);
  if (i <= 0 || addr.startsWith('unix:') || (host.includes(':') && !host.startsWith('[')) || !/^[0-9]+$/.test(port)) {
    return `-addr ${JSON.stringify(addr)} is not host:port`;
  }
  if (Number(port) < 1 || Number(port) > 65535) {
    return `-addr ${JSON.stringify(addr)}: the port must be a number from 1 to 65535`;
  }
  return null;
}
