// Command nagle shows Nagle's algorithm at work: many small writes, in a
// row, on two connections. On the first, as Go makes it (TCP_NODELAY
// set, Nagle off), each write leaves at once, in a segment of its own. On
// the second, with SetNoDelay(false), as Node makes its sockets, the
// kernel holds a small write back while an earlier segment waits for its
// acknowledgement, and sends what has gathered in one segment when the
// acknowledgement comes.
//
// Count the segments with wire -summary; the program itself prints what
// the server received, which is the same bytes both times.
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
)

// writes is how many small writes each connection makes.
const writes = 50

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	for _, noDelay := range []bool{true, false} {
		fmt.Printf("SetNoDelay(%v): %d writes of 2 bytes; the server received %d bytes\n", noDelay, writes, exchange(ln, noDelay))
	}
}

// exchange makes one connection, writes to it, and returns how many bytes
// the server read before the client's FIN.
func exchange(ln net.Listener, noDelay bool) int64 {
	client, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	server, err := ln.Accept()
	check(err)
	delayAcks(server)
	received := make(chan int64)
	go func() {
		n, _ := io.Copy(io.Discard, server)
		server.Close()
		received <- n
	}()

	// ANCHOR: writes
	client.(*net.TCPConn).SetNoDelay(noDelay)
	for range writes {
		// Each Write is a write(2): the kernel decides, at once,
		// whether the two bytes go now or wait for more.
		_, err := client.Write([]byte("x\n"))
		check(err)
	}
	// ANCHOR_END: writes
	client.(*net.TCPConn).CloseWrite()
	n := <-received
	client.Close()
	return n
}

// delayAcks turns quick acknowledgements off on the server's socket. A
// fresh connection acknowledges its first segments at once; on loopback,
// where the acknowledgement is back before the next write, that would
// hide Nagle's algorithm. Later in a connection's life the kernel
// delays them, by up to 40 ms, hoping to send them with data.
func delayAcks(conn net.Conn) {
	raw, err := conn.(*net.TCPConn).SyscallConn()
	check(err)
	raw.Control(func(fd uintptr) {
		err = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 0)
	})
	check(err)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "nagle:", err)
		os.Exit(1)
	}
}
