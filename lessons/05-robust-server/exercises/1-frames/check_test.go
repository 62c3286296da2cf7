//go:build check

// The checker of exercise 1 of lesson 5: make check EX=05/1.
package main

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

const checkHint = "io.ReadFull(r, length[:]) reads the two bytes of the length however they arrive; " +
	"binary.BigEndian.Uint16 turns them into a number; compare it with max, then io.ReadFull the message."

// checkFrame is a frame holding msg.
func checkFrame(msg string) []byte {
	return append([]byte{byte(len(msg) >> 8), byte(len(msg))}, msg...)
}

// checkConn sends the pieces over a real connection, a moment apart, then
// ends it, and returns the other end for readFrame to read.
func checkConn(t *testing.T, pieces ...[]byte) net.Conn {
	return checkConnEnding(t, true, pieces...)
}

// checkConnEnding is checkConn, the connection left open if end is false.
func checkConnEnding(t *testing.T, end bool, pieces ...[]byte) net.Conn {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return
		}
		defer conn.Close()
		for _, p := range pieces {
			conn.Write(p)
			time.Sleep(5 * time.Millisecond) // each piece its own Read
		}
		if !end {
			<-done
		}
	}()
	conn, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	return conn
}

func TestReadFrame(t *testing.T) {
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\nHint: %s", append(args, checkHint)...)
	}

	// Two frames in one write, then one in pieces of a byte.
	both := append(checkFrame("hello"), checkFrame("line one\nline two")...)
	split := checkFrame("in pieces")
	var pieces [][]byte
	pieces = append(pieces, both)
	for i := range split {
		pieces = append(pieces, split[i:i+1])
	}
	conn := checkConn(t, pieces...)
	for _, want := range []string{"hello", "line one\nline two", "in pieces"} {
		msg, err := readFrame(conn, 100)
		if err != nil || string(msg) != want {
			fail("readFrame returned %q and %v where the frame held %q: two frames came in one write, "+
				"and the third a byte at a time.", msg, err, want)
		}
	}
	if _, err := readFrame(conn, 100); err != io.EOF {
		fail("after the last frame the stream ended, and readFrame returned %v, not io.EOF.", err)
	}

	// A frame over the limit, refused before its message is read: only
	// its length comes, and the connection stays open.
	conn = checkConnEnding(t, false, checkFrame(string(bytes.Repeat([]byte("x"), 300)))[:2])
	msg, err := readFrame(conn, 100)
	if !errors.Is(err, errFrameTooLong) {
		fail("the length of a frame of 300 bytes came, with a limit of 100, and readFrame returned %q and %v, "+
			"not errFrameTooLong: a length over the limit is refused before any of the message is read.", msg, err)
	}

	// The stream ends in the middle of a frame: in its message, or
	// right after its length.
	conn = checkConn(t, checkFrame("complete")[:5])
	if msg, err := readFrame(conn, 100); err != io.ErrUnexpectedEOF {
		fail("the stream ended three bytes into a frame of 8, and readFrame returned %q and %v, not io.ErrUnexpectedEOF.", msg, err)
	}
	conn = checkConn(t, checkFrame("complete")[:2])
	if msg, err := readFrame(conn, 100); err != io.ErrUnexpectedEOF {
		fail("the stream ended right after the length of a frame of 8, and readFrame returned %q and %v, not io.ErrUnexpectedEOF.", msg, err)
	}
	t.Logf("frames whole however they came, the limit kept, the end told apart")
}
