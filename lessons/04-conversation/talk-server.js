// The article's delayed-reply server in Node, kept to run against the Go
// client. Usage: node talk-server.js [-addr host:port|unix:/path]
//                                    [-addr-file file] [-delay ms]
const fs = require('fs');
const net = require('net');

const args = flags({ addr: '127.0.0.1:7788', 'addr-file': '', delay: '2000' }, { addr: checkAddr, delay: (v) => (/^[0-9]+$/.test(v) && Number(v) >= 0 ? null : `-delay ${JSON.stringify(v)} is not a number, 0 or more`) });
const sockets = new Set();
let count = 0;

// ANCHOR: server
const server = net.createServer((socket) => {
  sockets.add(socket);
  const timers = new Set();
  socket.on('data', (data) => {
    console.log('message from client received: ' + data);
    const timer = setTimeout(() => {
      timers.delete(timer);
      socket.write('server message ' + count++);
    }, Number(args.delay));
    timers.add(timer);
  });
  socket.on('end', () => console.log('client disconnected'));
  socket.on('close', () => {
    // A reply still waiting has nobody to go to any more.
    for (const t of timers) clearTimeout(t);
    sockets.delete(socket);
    console.log('socket closed !');
  });
  // A reply written after 'end', while Node still ends our side, fails
  // here too: EPIPE. After 'close', only a write's callback would hear.
  socket.on('error', (err) => console.error(`talk-server.js: socket error: ${err.message}`));
});
// ANCHOR_END: server

server.on('error', (err) => {
  console.error(`talk-server.js: cannot listen: ${err.message}`);
  process.exit(1);
});

server.listen(listenOptions(args.addr), () => {
  console.log('server bound');
  if (args['addr-file']) writeAddr(args['addr-file'], server.address());
});

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
function stop() {
  server.close(() => console.log('server closed'));
  for (const s of sockets) s.destroy();
}

// flags reads "-name value" pairs over the defaults. A flag or a value that
// is wrong is one line on stderr, then the usage, and exit status 2, as
// with the Go programs.
function flags(defaults, checks) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  const fail = (why) => {
    console.error(`talk-server.js: ${why}`);
    console.error(`usage: node talk-server.js [-addr host:port|unix:/path] [-addr-file file] [-delay ms]`);
    process.exit(2);
  };
  if (argv.some((a) => /^--?(h|help)$/.test(a))) {
    console.log(`usage: node talk-server.js [-addr host:port|unix:/path] [-addr-file file] [-delay ms]`);
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

// checkAddr accepts host:port, with a port from 0 to 65535 and an IPv6
// host in brackets ([::1]:8124), as Go writes them, or unix:/path.
function checkAddr(addr) {
  if (addr.startsWith('unix:')) {
    return addr.length > 'unix:'.length ? null : `-addr unix: needs the path of the socket, as in unix:/tmp/talk.sock`;
  }
  const { host, port } = splitAddr(addr);
  if (port === undefined || (host.includes(':') && !host.startsWith('[')) || !/^[0-9]+$/.test(port)) {
    return `-addr ${JSON.stringify(addr)} is not host:port or unix:/path`;
  }
  if (Number(port) < 0 || Number(port) > 65535) {
    return `-addr ${JSON.stringify(addr)}: the port must be a number from 0 to 65535`;
  }
  return null;
}

// splitAddr cuts host:port at its last colon; the host keeps its brackets.
function splitAddr(addr) {
  const i = addr.lastIndexOf(':');
  return i < 0 ? { host: addr } : { host: addr.slice(0, i), port: addr.slice(i + 1) };
}

function listenOptions(addr) {
  if (addr.startsWith('unix:')) return { path: addr.slice(5) };
  const { host, port } = splitAddr(addr);
  return { host: host.replace(/^\[(.*)\]$/, '$1') || undefined, port: Number(port) };
}

function writeAddr(file, a) {
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  const text = typeof a === 'string' ? `unix:${a}` : `${host}:${a.port}`;
  fs.writeFileSync(file + '.tmp', text);
  fs.renameSync(file + '.tmp', file);
}
