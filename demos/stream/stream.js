// TCP carries a stream of bytes, not messages: writes can arrive merged
// into one 'data' event, and one write can arrive as several.
const net = require('net');
const { once } = require('events');

(async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect(server.address().port, '127.0.0.1');
  const [peer] = await once(server, 'connection');
  server.close();

  // ANCHOR: merged
  const events = [];
  peer.on('data', (data) => events.push(data.length));
  // Three writes in one turn of the event loop: the peer reads
  // them later.
  client.write('one');
  client.write('two');
  client.write('three');
  const [first] = await once(peer, 'data');
  console.log(`three writes, then the first 'data' event: ${JSON.stringify(String(first))}`);
  // ANCHOR_END: merged

  // ANCHOR: split
  events.length = 0;
  client.end(Buffer.alloc(1 << 20, 'x')); // one write of 1 MiB
  await once(peer, 'end');
  const largest = Math.max(...events);
  console.log(`one write of 1 MiB arrived in ${events.length > 1 ? 'more than one' : 'one'} 'data' event, none over ${largest <= 65536 ? '64 KiB' : 'that'}`);
  // ANCHOR_END: split
  peer.end();
})();
