// The article's client in Node, kept to run against the Go server.
// Usage: node client.js [-addr host:port|unix:/path]
const net = require('net');

const args = flags({ addr: 'localhost:8124' });

// ANCHOR: client
const client = net.connect(connectOptions(args.addr), () => {
  // 'connect' listener
  console.log('connected to server!');
  client.write('world!\r\n');
});
client.on('data', (data) => {
  console.log(data.toString());
  client.end();
});
client.on('end', () => {
  console.log('disconnected from server');
});
// ANCHOR_END: client
client.on('error', (err) => {
  console.error('tcp-client.js:', err.message);
  process.exitCode = 1;
});

function flags(defaults) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--?/, '');
    if (!(name in out) || i + 1 >= argv.length) {
      console.error('usage: node client.js [-addr host:port|unix:/path]');
      process.exit(2);
    }
    out[name] = argv[i + 1];
  }
  return out;
}

function connectOptions(addr) {
  if (addr.startsWith('unix:')) return { path: addr.slice(5) };
  const i = addr.lastIndexOf(':');
  // autoSelectFamily tries IPv4 too when "localhost" resolves to ::1 first.
  // Node 20 does this by default; Node 18 needs to be asked.
  return { host: addr.slice(0, i), port: Number(addr.slice(i + 1)), autoSelectFamily: true };
}
