// Node's bytesWritten counts what write() was given, whether the kernel
// has taken it or Node still holds it in its queue. The peer here never
// reads: the kernel takes a few megabytes, and Node queues the rest.
const net = require('net');

const size = 64 << 20;
const server = net.createServer((peer) => peer.pause()); // never reads
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1', () => {
    // ANCHOR: count
    socket.write(Buffer.alloc(size));
    const all = socket.bytesWritten === size;
    const queued = socket.writableLength; // given to write(), not yet done
    console.log('write() of 64 MiB to a peer that does not read');
    console.log(`bytesWritten: ${all ? 'all 64 MiB' : socket.bytesWritten}`);
    console.log(`still queued in Node: ${queued > size / 2 ? 'more than half of it' : queued}`);
    // ANCHOR_END: count
    socket.destroy();
    server.close();
  });
});
