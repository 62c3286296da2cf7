// The article's delayed-reply server in Node, kept to run against the Go
// client. Usage: node talk-server.js [-addr host:port|unix:/path]
//                                    [-addr-file file] [-delay ms]
const net = require('net');
const fs = require('fs');

const args = flags({ addr: '127.0.0.1:7788', 'addr-file': '', delay: '2000' });
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
  socket.on('error', (err) => console.error('talk-server.js: socket error:', err.message));
});
// ANCHOR_END: server

server.on('error', (err) => {
  console.error('talk-server.js: cannot listen:', err.message);
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

function flags(defaults) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--?/, '');
    if (!(name in out) || i + 1 >= argv.length) {
      console.error('usage: node talk-server.js [-addr host:port|unix:/path] [-addr-file file] [-delay ms]');
      process.exit(2);
    }
    out[name] = argv[i + 1];
  }
  return out;
}

function listenOptions(addr) {
  if (addr.startsWith('unix:')) return { path: addr.slice(5) };
  const i = addr.lastIndexOf(':');
  return { host: addr.slice(0, i) || undefined, port: Number(addr.slice(i + 1)) };
}

function writeAddr(file, a) {
  const text = typeof a === 'string' ? `unix:${a}` : `${a.address}:${a.port}`;
  fs.writeFileSync(file + '.tmp', text);
  fs.renameSync(file + '.tmp', file);
}
