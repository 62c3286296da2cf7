// socket.writableLength counts the bytes whose write has not completed.
// A write the kernel takes whole completes at once. Of a bigger one, libuv
// hands the kernel what fits and keeps the rest, and the write completes,
// all of it leaving writableLength, once its last byte is in the kernel.
const net = require('net');
const { once } = require('events');

const size = 64 << 20; // more than the kernel's buffers hold

(async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const conn = net.connect(server.address().port, '127.0.0.1');
  const [peer] = await once(server, 'connection');
  server.close();
  if (conn.connecting) await once(conn, 'connect');

  // ANCHOR: length
  conn.write('hello\n');
  console.log('a write of 6 bytes, which the kernel took at once: writableLength', conn.writableLength);

  let received = 0;
  peer.on('data', (data) => { received += data.length; });
  conn.write(Buffer.alloc(size, 'x'));
  console.log(`a write of ${size} bytes: writableLength`, conn.writableLength);
  while (received <= 6) await once(peer, 'data');
  // The peer has read some of it: those bytes went through the
  // kernel, and writableLength counts them all the same.
  const part = received < size + 6 ? 'part of it' : 'all of it';
  console.log(`the peer has received ${part}: writableLength`, conn.writableLength);
  await once(conn, 'drain');
  console.log("'drain': writableLength", conn.writableLength);
  // ANCHOR_END: length

  conn.end();
  await once(peer, 'end');
  console.log('the peer received', received, 'bytes in all');
})();
