//go:build check

// The checker of exercise 2 of lesson 2: make check EX=02/2.
package main

import (
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

const checkHint = "in Read and in Write, add n to the count whatever err is: a Read may return its last bytes " +
	"with io.EOF, and a Write that gave up at its deadline has still sent n bytes."

// checkLastWithEOF returns io.EOF with the last of the bytes it expects.
type checkLastWithEOF struct {
	net.Conn
	left int
}

func (c *checkLastWithEOF) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p[:min(len(p), c.left)])
	c.left -= n
	if err == nil && c.left == 0 {
		err = io.EOF
	}
	return n, err
}

func TestCounted(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	// A peer that sends 1000 bytes, then reads nothing for as long as
	// the test runs.
	peerDone := make(chan struct{})
	defer close(peerDone)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.Write(make([]byte, 1000))
		<-peerDone
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	// Its last Read returns the last bytes and io.EOF at once, as some
	// readers do (a TCP connection returns them in two calls).
	c := &counted{Conn: &checkLastWithEOF{Conn: conn, left: 1000}}
	defer c.Close()

	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(c, make([]byte, 1000)); err != nil {
		t.Fatalf("reading the 1000 bytes the peer sent failed: %v.\nHint: %s", err, checkHint)
	}
	if c.read != 1000 {
		t.Fatalf("the peer sent 1000 bytes and all were read, the last ones by a Read that returned them "+
			"with io.EOF; the count of bytes read is %d.\nHint: %s", c.read, checkHint)
	}

	// Write more than the buffers hold to a peer that does not read: the
	// Write gives up at its deadline, having sent part.
	c.SetWriteDeadline(time.Now().Add(300 * time.Millisecond))
	n, err := c.Write(make([]byte, 64<<20))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a Write of 64 MiB to a peer that does not read should have given up at its deadline; it returned %d and %v.\nHint: %s", n, err, checkHint)
	}
	if c.written != int64(n) {
		t.Fatalf("a Write gave up at its deadline, returning n = %d with its error: it had sent %d bytes. "+
			"The count of bytes written is %d.\nHint: %s", n, n, c.written, checkHint)
	}
	t.Logf("read 1000, written %d by a Write cut short: both counted", n)
}
