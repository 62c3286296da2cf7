// The article's delayed-reply client in Node, kept to run against the Go
// server. Usage: node talk-client.js [-addr host:port|unix:/path] [-count n]
const net = require('net');

const args = flags({ addr: '127.0.0.1:7788', count: '0' }, { addr: checkAddr, count: (v) => (/^[0-9]+$/.test(v) && Number(v) >= 0 ? null : `-count ${JSON.stringify(v)} is not a number, 0 or more`) });
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
  // A refusal, or a Unix socket that is not there, most likely means that
  // no server runs: say so, as the Go client does.
  const hint = ['ECONNREFUSED', 'ENOENT'].includes(err.code) ? ' (is the server running?)' : '';
  console.error(`talk-client.js: ${err.message}${hint}`);
  process.exitCode = 1;
});

// flags reads "-name value" pairs over the defaults. A flag or a value that
// is wrong is one line on stderr, then the usage, and exit status 2, as
// with the Go programs.
function flags(defaults, checks) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  const fail = (why) => {
    console.error(`talk-client.js: ${why}`);
    console.error(`usage: node talk-client.js [-addr host:port|unix:/path] [-count n]`);
    process.exit(2);
  };
  if (argv.some((a) => /^--?(h|help)$/.test(a))) {
    console.log(`usage: node talk-client.js [-addr host:port|unix:/path] [-count n]`);
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
// host in brackets ([::1]:8124), as Go writes them, or unix:/path.
function checkAddr(addr) {
  if (addr.startsWith('unix:')) {
    return addr.length > 'unix:'.length ? null : `-addr unix: needs the path of the socket, as in unix:/tmp/talk.sock`;
  }
  const { host, port } = splitAddr(addr);
  if (port === undefined || (host.includes(':') && !host.startsWith('[')) || !/^[0-9]+$/.test(port)) {
    return `-addr ${JSON.stringify(addr)} is not host:port or unix:/path`;
  }
  if (Number(port) < 1 || Number(port) > 65535) {
    return `-addr ${JSON.stringify(addr)}: the port must be a number from 1 to 65535`;
  }
  return null;
}

// splitAddr cuts host:port at its last colon; the host keeps its brackets.
function splitAddr(addr) {
  const i = addr.lastIndexOf(':');
  return i < 0 ? { host: addr } : { host: addr.slice(0, i), port: addr.slice(i + 1) };
}

function connectOptions(addr) {
  if (addr.startsWith('unix:')) return { path: addr.slice(5) };
  const { host, port } = splitAddr(addr);
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port: Number(port) };
}
