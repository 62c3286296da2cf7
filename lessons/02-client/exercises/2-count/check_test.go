//go:build check

// The checker of exercise 2 of lesson 2: make check EX=02/2.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

const checkHint = "in Read and in Write, add n to the count whatever err is: a Read may return its last bytes " +
	"with io.EOF, and a Write that gave up at its deadline has still handed n bytes to the kernel."

// The hints for the other kinds of mistake.
const (
	readHint = "in Read, add n to the count before you look at err: the last bytes may come " +
		"with io.EOF, and they were read all the same."
	writeHint = "in Write, add n to the count whatever err is: a Write cut short by its deadline " +
		"returns, with its error, the n bytes it had handed to the kernel, and the kernel sends those."
	askedHint = "count n, the bytes a call says it moved, not len(p), the room or the bytes it was given: " +
		"a Read may fill less than p, and a Write cut short hands only n of p to the kernel."
)

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

	// Each Read is given room for 4096 bytes, more than will come.
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	total, buf := 0, make([]byte, 4096)
	var readErr error
	for readErr == nil {
		var n int
		n, readErr = c.Read(buf)
		total += n
	}
	if readErr != io.EOF || total != 1000 {
		t.Fatalf("reading the 1000 bytes the peer sent gave %d bytes and the error %v, not 1000 and io.EOF.\nHint: %s", total, readErr, checkHint)
	}
	switch {
	case c.read < 1000:
		t.Fatalf("the peer sent 1000 bytes and all were read, the last ones by a Read that returned them "+
			"with io.EOF; the count of bytes read is %d.\nHint: %s", c.read, readHint)
	case c.read > 1000:
		t.Fatalf("the peer sent 1000 bytes, read by Reads that were each given room for 4096; "+
			"the count of bytes read is %d: it counts the room, not the n bytes each Read returned.\nHint: %s", c.read, askedHint)
	}

	// Write more than the buffers hold to a peer that does not read: the
	// Write gives up at its deadline, having handed part to the kernel.
	c.SetWriteDeadline(time.Now().Add(300 * time.Millisecond))
	n, err := c.Write(make([]byte, 64<<20))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a Write of 64 MiB to a peer that does not read should have given up at its deadline; it returned %d and %v.\nHint: %s", n, err, checkHint)
	}
	said := fmt.Sprintf("a Write of 64 MiB gave up at its deadline, returning n = %d with its error: "+
		"it had handed %d bytes to the kernel, which sends them as the peer reads; the rest never left your program. "+
		"The count of bytes written is %d", n, n, c.written)
	switch {
	case c.written == 64<<20:
		t.Fatalf("%s, all the Write was given.\nHint: %s", said, askedHint)
	case c.written != int64(n):
		t.Fatalf("%s.\nHint: %s", said, writeHint)
	}
	t.Logf("read 1000, written %d by a Write cut short: both counted", n)
}
