// The article's echo server in Node, kept to run against the Go client.
// Usage: node server.js [-addr host:port|unix:/path] [-addr-file file]
const net = require('net');
const fs = require('fs');

const args = flags({ addr: '127.0.0.1:8124', 'addr-file': '' });
const sockets = new Set();

// ANCHOR: server
const server = net.createServer((c) => {
  // 'connection' listener
  console.log('client connected');
  sockets.add(c);
  c.on('end', () => console.log('client disconnected'));
  c.on('error', (err) => console.error('tcp-server.js: client error:', err.message));
  c.on('close', () => sockets.delete(c));
  c.write('hello\r\n');
  c.pipe(c);
});
// ANCHOR_END: server

server.on('error', (err) => {
  console.error('tcp-server.js: cannot listen:', err.message);
  process.exit(1);
});

server.listen(listenOptions(args.addr), () => {
  // 'listening' listener
  console.log('server bound');
  if (args['addr-file']) writeAddr(args['addr-file'], server.address());
});

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
function stop() {
  server.close(() => console.log('server closed'));
  for (const c of sockets) c.destroy();
}

function flags(defaults) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--?/, '');
    if (!(name in out) || i + 1 >= argv.length) {
      console.error(`usage: node server.js [-addr host:port|unix:/path] [-addr-file file]`);
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
