// A 'data' chunk can end in the middle of a UTF-8 character. Turned into a
// string on its own, each half is garbage; setEncoding('utf8') keeps the
// first half until the rest arrives.
const net = require('net');
const { once } = require('events');

const e = Buffer.from('é'); // two bytes in UTF-8: c3 a9

async function demo(encoding) {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const conn = net.connect(server.address().port, '127.0.0.1');
  const [peer] = await once(server, 'connection');
  server.close();

  // ANCHOR: data
  if (encoding) conn.setEncoding(encoding);
  const seen = [];
  conn.on('data', (data) => seen.push(String(data)));
  // ANCHOR_END: data
  // The peer sends the two bytes one at a time, the second only once the
  // first has been read.
  peer.write(e.subarray(0, 1));
  while (conn.bytesRead < 1) await new Promise((resolve) => setImmediate(resolve));
  peer.end(e.subarray(1));
  await once(conn, 'end');
  console.log(`${encoding ? "setEncoding('utf8')" : 'no encoding'}: 'data' gave ${seen.map((s) => JSON.stringify(s)).join(' then ')}`);
}

(async () => {
  await demo(null);
  await demo('utf8');
})();
