// Lesson 5's echo server in Node, holding clients to the same limits as
// robust-server and printing the same lines, to run against the Go client
// and the scripts. Usage: node robust-server.js [-addr host:port|unix:/path]
//   [-addr-file file] [-max-line bytes] [-idle d] [-write-timeout d]
//   [-max-conns n] [-grace d]   (durations as Go writes them: 500ms, 30s)
const fs = require('fs');
const net = require('net');

const usage = 'usage: node robust-server.js [-addr host:port|unix:/path] [-addr-file file] [-max-line bytes] [-idle d] [-write-timeout d] [-max-conns n] [-grace d]';
const args = flags(
  { addr: '127.0.0.1:8128', 'addr-file': '', 'max-line': '1024', idle: '30s', 'write-timeout': '10s', 'max-conns': '100', grace: '5s' },
  {
    addr: checkAddr,
    'max-line': (v) => checkCount('max-line', v, 'a line must be allowed at least 1 byte'),
    'max-conns': (v) => checkCount('max-conns', v, 'at least 1 client must be served'),
    idle: (v) => checkDuration('idle', v, (ms) => ms > 0, 'must be above zero'),
    'write-timeout': (v) => checkDuration('write-timeout', v, (ms) => ms > 0, 'must be above zero'),
    grace: (v) => checkDuration('grace', v, (ms) => ms >= 0, 'must not be below zero (0 closes every client at once)'),
  },
);
const maxLine = Number(args['max-line']);
const maxConns = Number(args['max-conns']);
const idle = parseDuration(args.idle);
const writeTimeout = parseDuration(args['write-timeout']);
const grace = parseDuration(args.grace);

const served = new Set(); // the clients being served, each a function that starts its shutdown
let shuttingDown = false;
let cut = 0; // clients cut in the middle of a line

// ANCHOR: accept
// allowHalfOpen: a client that ends its side still gets the echo of its
// last line; we end ours when we are done.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  // Node's server.maxConnections would close this socket without a word:
  // we count the clients ourselves, to tell the one turned away why.
  if (served.size >= maxConns) {
    console.log(`client refused: ${maxConns} connected already`);
    bye(socket, `server busy: ${maxConns} client${maxConns === 1 ? '' : 's'} connected, try again later`);
    return;
  }
  serve(socket);
});
// ANCHOR_END: accept

// ANCHOR: serve
function serve(socket) {
  console.log('client connected');
  let pending = Buffer.alloc(0); // what has come of the line being read
  let waiting = null; // the timer of an echo waiting for 'drain'
  let writeEnds = 0; // when that echo's -write-timeout ends
  let graceTimer = null;
  let ended = false; // the client has ended its side
  let done = false;
  served.add(shutdown);
  socket.on('close', () => {
    // Gone, however it went: no timer of ours may outlive it.
    done = true;
    clearTimeout(waiting);
    clearTimeout(graceTimer);
    served.delete(shutdown);
  });
  socket.on('error', (err) => console.error(`robust-server.js: client error: ${err.message}`));

  // The idle clock: Node restarts it whenever bytes come or go.
  socket.setTimeout(idle);
  socket.on('timeout', () => {
    if (done || waiting) return; // a waiting echo has its own clock
    if (shuttingDown) return closeForShutdown();
    finish(`client closed: idle for ${formatDuration(idle)}`, `idle for ${formatDuration(idle)}: closing`);
  });

  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    echoLines();
  });
  socket.on('end', () => {
    ended = true;
    echoLines();
  });
  echo(Buffer.from('hello\r\n'));

  // echoLines echoes the whole lines that have come, all in one write as
  // the Go server does, and stops while an echo waits.
  function echoLines() {
    while (!done && !waiting) {
      const n = wholeLines(pending);
      if (n < 0) return tooLong();
      // At the end, what is left is the last line, without its "\n".
      const lines = n > 0 ? pending.subarray(0, n) : ended ? pending : null;
      if (lines === null) {
        if (shuttingDown && pending.length === 0) closeForShutdown();
        return;
      }
      if (n === 0 && lines.length > maxLine) return tooLong();
      pending = pending.subarray(lines.length);
      if (lines.length > 0) echo(lines);
      if (ended && pending.length === 0 && !waiting) {
        done = true;
        console.log('client disconnected');
        socket.end();
      }
    }
  }
  // ANCHOR_END: serve

  // ANCHOR: echo
  // echo writes b back. write() returns false once what waits to be sent
  // passes the socket's high-water mark; we stop reading, as a Go Write
  // would wait, and drop the client if 'drain' does not come in time.
  function echo(b) {
    if (socket.write(b)) return;
    socket.pause();
    writeEnds = Date.now() + writeTimeout;
    waiting = setTimeout(dropUnread, shuttingDown ? Math.min(writeTimeout, graceLeft()) : writeTimeout);
    socket.once('drain', () => {
      clearTimeout(waiting);
      waiting = null;
      socket.resume();
      echoLines();
    });
  }

  function dropUnread() {
    done = true;
    if (shuttingDown) console.log('client dropped: its echo unread as the server shut down');
    else console.log(`client dropped: its echo unread for ${formatDuration(writeTimeout)}`);
    socket.destroy(); // it does not read: nothing we write would reach it
  }
  // ANCHOR_END: echo

  function tooLong() {
    const why = `line too long: over ${maxLine} byte${maxLine === 1 ? '' : 's'}`;
    finish(`client closed: ${why}`, why);
  }

  // ANCHOR: shutdown
  // shutdown is called once the server stops accepting: a client between
  // two lines is closed now, one in the middle of a line has until the
  // grace ends, and one whose echo waits has its write timeout or the
  // grace, the shorter.
  function shutdown() {
    if (done) return;
    if (waiting) {
      clearTimeout(waiting);
      waiting = setTimeout(dropUnread, Math.min(writeEnds - Date.now(), graceLeft()));
    } else if (pending.length === 0) {
      return closeForShutdown();
    }
    graceTimer = setTimeout(closeForShutdown, graceLeft());
  }

  function closeForShutdown() {
    if (done || waiting) return;
    if (pending.length > 0) cut++;
    finish('client closed: server shutting down', 'server shutting down');
  }
  // ANCHOR_END: shutdown

  function finish(log, why) {
    done = true;
    console.log(log);
    bye(socket, why);
  }
}

// ANCHOR: bye
// bye sends a last line and ends our side. Destroying the socket with
// bytes of the client still unread would send a reset: we read what
// still comes, for a second at most, before we let go.
function bye(socket, why) {
  socket.removeAllListeners('error');
  socket.removeAllListeners('data');
  socket.removeAllListeners('end');
  socket.removeAllListeners('timeout');
  socket.setTimeout(0);
  socket.on('error', () => {}); // the client may be gone already
  socket.on('data', () => {});
  socket.on('end', () => socket.destroy());
  socket.resume();
  socket.end(why + '\r\n');
  setTimeout(() => socket.destroy(), 1000).unref();
}
// ANCHOR_END: bye

let graceEnd = 0;
function graceLeft() {
  return Math.max(0, graceEnd - Date.now());
}

server.on('error', (err) => {
  console.error(`robust-server.js: cannot listen: ${err.message}`);
  process.exit(1);
});

server.listen(listenOptions(args.addr), () => {
  console.log('server bound');
  if (args['addr-file']) writeAddr(args['addr-file'], server.address());
});

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
function stop() {
  if (shuttingDown) {
    // A second one is for whoever cannot wait for the grace.
    console.error('robust-server.js: interrupted again: exiting without waiting for the clients');
    process.exit(1);
  }
  shuttingDown = true;
  graceEnd = Date.now() + grace;
  // close stops accepting; its callback waits for every connection to end.
  server.close(() => console.log(`server closed: ${cut} cut in the middle of a line`));
  for (const shutdown of served) shutdown();
}

// wholeLines is how many bytes at the start of b are whole lines within
// the limit, or -1 when the next line is over it: a whole line too long,
// or, with no "\n" yet, more bytes than the longest line and its "\r".
function wholeLines(b) {
  let n = 0;
  for (;;) {
    const nl = b.indexOf(10, n); // "\n"
    if (nl < 0) return n > 0 || b.length < maxLine + 2 ? n : -1;
    if (trimEOL(b.subarray(n, nl + 1)).length > maxLine) return n > 0 ? n : -1;
    n = nl + 1;
  }
}

// trimEOL is a line without its "\n" or "\r\n".
function trimEOL(line) {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0a) {
    end--;
    if (end > 0 && line[end - 1] === 0x0d) end--;
  }
  return line.subarray(0, end);
}

// flags reads "-name value" pairs over the defaults. A flag or a value that
// is wrong is one line on stderr, then the usage, and exit status 2, as
// with the Go programs.
function flags(defaults, checks) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  const fail = (why) => {
    console.error(`robust-server.js: ${why}`);
    console.error(usage);
    process.exit(2);
  };
  if (argv.some((a) => /^--?(h|help)$/.test(a))) {
    console.log(usage);
    process.exit(0);
  }
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('-')) fail(`unexpected argument ${JSON.stringify(argv[i])}`);
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

function checkCount(name, v, why) {
  if (!/^-?[0-9]+$/.test(v)) return `-${name} ${JSON.stringify(v)} is not a whole number`;
  return Number(v) >= 1 ? null : `-${name} ${v}: ${why}`;
}

function checkDuration(name, v, ok, why) {
  const ms = parseDuration(v);
  if (ms === null) return `-${name} ${JSON.stringify(v)} is not a duration, such as 500ms or 30s`;
  return ok(ms) ? null : `-${name} ${v}: ${why}`;
}

// parseDuration reads a duration as Go writes them ("1m30s", "500ms",
// "-1s") into milliseconds, the unit of Node's timers; null if it is not one.
function parseDuration(text) {
  const m = /^([-+]?)((?:[0-9]*\.?[0-9]+(?:ns|us|µs|ms|s|m|h))+|0)$/.exec(text);
  if (!m) return null;
  const unit = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let ms = 0;
  for (const [, n, u] of m[2].matchAll(/([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/g)) ms += Number(n) * unit[u];
  return m[1] === '-' ? -ms : ms;
}

// formatDuration writes milliseconds as Go's Duration.String does, for
// the durations a flag gives: 500ms, 1.5s, 1m0s.
function formatDuration(ms) {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3600000);
  const m = Math.floor((ms % 3600000) / 60000);
  const s = `${(ms % 60000) / 1000}s`;
  if (h > 0) return `${h}h${m}m${s}`;
  if (m > 0) return `${m}m${s}`;
  return s;
}

// checkAddr accepts host:port, with a port from 0 to 65535 and an IPv6
// host in brackets ([::1]:8128), as Go writes them, or unix:/path.
function checkAddr(addr) {
  if (addr.startsWith('unix:')) {
    return addr.length > 'unix:'.length ? null : `-addr unix: needs the path of the socket, as in unix:/tmp/robust.sock`;
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
