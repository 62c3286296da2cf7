// Command backpressure shows that Go's Write has no queue of its own: it
// waits while the kernel's buffers are full, so a reader that does not
// keep up slows the writer down instead of filling its memory.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

const size = 16 << 20

func main() {
	payload := make([]byte, size)

	// ANCHOR: blocked
	// The peer does not read. A write deadline lets us see Write
	// waiting: it gives up with os.ErrDeadlineExceeded, part of
	// the data sent.
	conn, peer := connectedPair()
	conn.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
	n, err := conn.Write(payload)
	fmt.Printf("Write of %d MiB to a peer that does not read: %s, with %s\n", size>>20, describe(err), sent(n))
	conn.Close()
	peer.Close()
	// ANCHOR_END: blocked

	// ANCHOR: reads
	// The peer reads: Write returns once the kernel has taken the
	// last byte. The peer may still be reading some of it.
	conn, peer = connectedPair()
	received := make(chan int64)
	go func() {
		n, _ := io.Copy(io.Discard, peer)
		received <- n
	}()
	n, err = conn.Write(payload)
	fmt.Printf("Write of %d MiB to a peer that reads: %s, with %s\n", size>>20, describe(err), sent(n))
	conn.Close()
	fmt.Printf("the peer received %d bytes\n", <-received)
	// ANCHOR_END: reads
}

func sent(n int) string {
	if n == size {
		return "all of it sent"
	}
	return "only part of it sent"
}

func describe(err error) string {
	switch {
	case err == nil:
		return "returned"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "gave up at its deadline"
	}
	return err.Error()
}

// connectedPair returns both ends of a fresh loopback TCP connection.
func connectedPair() (net.Conn, net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	peer, err := ln.Accept()
	check(err)
	return conn, peer
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "backpressure:", err)
		os.Exit(1)
	}
}
