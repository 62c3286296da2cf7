// The article's delayed-reply client in Node, kept to run against the Go
// server. Usage: node talk-client.js [-addr host:port|unix:/path] [-count n]
const net = require('net');

const args = flags({ addr: '127.0.0.1:7788', count: '0' });
let count = 0;
let received = 0;

// ANCHOR: client
const client = net.connect(connectOptions(args.addr), () => {
  console.log('connect!');
  client.write('initial data');
});
client.on('data', (data) => {
  console.log('data from server received: ' + data);
  received++;
  // The article talks for ever; -count ends the conversation.
  if (received === Number(args.count)) client.end();
  else client.write('client data: ' + count++);
});
client.on('end', () => console.log('disconnected from server'));
// ANCHOR_END: client
client.on('error', (err) => {
  console.error('talk-client.js:', err.message);
  process.exitCode = 1;
});

function flags(defaults) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--?/, '');
    if (!(name in out) || i + 1 >= argv.length) {
      console.error('usage: node talk-client.js [-addr host:port|unix:/path] [-count n]');
      process.exit(2);
    }
    out[name] = argv[i + 1];
  }
  return out;
}

function connectOptions(addr) {
  if (addr.startsWith('unix:')) return { path: addr.slice(5) };
  const i = addr.lastIndexOf(':');
  return { host: addr.slice(0, i), port: Number(addr.slice(i + 1)) };
}
