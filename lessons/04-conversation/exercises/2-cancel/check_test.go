//go:build check

// The checker of exercise 2 of lesson 4: make check EX=04/2.
package main

import (
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"
)

const checkHint = "keep each *time.Timer that time.AfterFunc returns; when the client has ended its side, " +
	"Stop each one, and call pending.Done() for each Stop that returns true: that reply will never run."

// checkConn counts the Writes made after its Close.
type checkConn struct {
	net.Conn
	closed atomic.Bool
	late   atomic.Int64
}

func (c *checkConn) Write(p []byte) (int, error) {
	if c.closed.Load() {
		c.late.Add(1)
	}
	return c.Conn.Write(p)
}

func (c *checkConn) Close() error {
	c.closed.Store(true)
	return c.Conn.Close()
}

func TestCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const delay = time.Second
	served := make(chan struct{})
	watched := &checkConn{}
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		watched.Conn = conn
		serve(watched, delay)
		close(served)
	}()

	// One message, its reply, then two more and the client's end.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(conn, "one")
	reply := make([]byte, 64)
	n, err := conn.Read(reply)
	if err != nil || string(reply[:n]) != "reply to one\n" {
		t.Fatalf("a client sent \"one\" and got %q, not \"reply to one\\n\".\nHint: %s", reply[:n], checkHint)
	}
	io.WriteString(conn, "two")
	io.WriteString(conn, "three")
	start := time.Now()
	conn.(*net.TCPConn).CloseWrite()
	rest, err := io.ReadAll(conn)
	took := time.Since(start)
	if len(rest) > 0 {
		t.Fatalf("after sending \"two\" and \"three\" the client ended its side, and still received %q: "+
			"replies still waiting when the client leaves are not sent.\nHint: %s", rest, checkHint)
	}
	if err != nil {
		t.Fatalf("after the client ended its side, reading the server's end failed: %v.\nHint: %s", err, checkHint)
	}
	if took >= delay {
		t.Fatalf("the client ended its side, and the server took %s to close: it waited for the replies "+
			"it should not send.\nHint: %s", took.Round(time.Millisecond), checkHint)
	}
	select {
	case <-served:
	case <-time.After(2 * time.Second):
		t.Fatalf("serve had not returned two seconds after the client left.\nHint: %s", checkHint)
	}
	// A reply not stopped would still run, once the delay is over, and
	// write to the closed connection: give it the time to show.
	time.Sleep(delay + 200*time.Millisecond)
	if late := watched.late.Load(); late > 0 {
		t.Fatalf("after serve had closed the connection, replies still tried to write to it (%d of them): "+
			"their timers were not stopped.\nHint: %s", late, checkHint)
	}
	t.Logf("the replies still waiting were stopped; the server closed in %s", took.Round(time.Millisecond))
}
