// After 'end', may we still write? By default Node ends our side for us;
// with allowHalfOpen: true it leaves that to us, as Go always does.
const net = require('net');
const { once } = require('events');

async function demo(allowHalfOpen) {
  const server = net.createServer({ allowHalfOpen: true }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect({ port: server.address().port, host: '127.0.0.1', allowHalfOpen });
  const [peer] = await once(server, 'connection');
  let received = '';
  peer.on('data', (data) => { received += data; });
  // The peer says goodbye and ends its side: it sends FIN, and reads on.
  peer.end('bye\n');

  // ANCHOR: end
  client.resume(); // read, so that 'end' can come
  client.on('error', (err) => console.log('  error event:', err.code));
  client.on('end', () => {
    client.write('in the end listener\n', (err) => console.log('  write in the end listener:', err ? err.code : 'sent'));
    // setImmediate runs once Node has handled the events of
    // this turn.
    setImmediate(() => {
      client.write('a moment later\n', (err) => {
        console.log('  write a moment later:', err ? err.code : 'sent');
        if (!err) client.end();
      });
    });
  });
  // ANCHOR_END: end
  await once(peer, 'end');
  console.log(`  the peer received ${JSON.stringify(received)}`);
  peer.destroy();
  server.close();
}

(async () => {
  console.log('default (allowHalfOpen: false):');
  await demo(false);
  console.log('allowHalfOpen: true:');
  await demo(true);
})();
