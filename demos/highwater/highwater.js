// A socket's writableHighWaterMark is how many bytes Node's write queue
// holds before write returns false. Its value depends on the Node
// version, so this prints it with the version: one row of a table of
// versions.
const net = require('net');
const { once } = require('events');

(async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  // A connected socket, as the one a program writes to.
  const socket = net.connect(server.address().port, '127.0.0.1');
  await once(socket, 'connect');

  const major = process.versions.node.split('.')[0];
  const mark = socket.writableHighWaterMark;
  console.log(`Node ${major}: a socket's writableHighWaterMark is ${mark} bytes (${mark / 1024} KiB)`);

  socket.destroy();
  server.close();
})();
