//go:build check

// The checker of exercise 2 of lesson 4: make check EX=04/2.
package main

import (
	"io"
	"net"
	"testing"
	"time"
)

const checkHint = "keep each *time.Timer that time.AfterFunc returns; when the client has ended its side, " +
	"Stop each one, and call pending.Done() for each Stop that returns true: that reply will never run."

func TestCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const delay = 300 * time.Millisecond
	served := make(chan struct{})
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		serve(conn, delay)
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
		t.Fatalf("a client sent \"one\" and got %q (%v), not \"reply to one\\n\".", reply[:n], err)
	}
	io.WriteString(conn, "two")
	io.WriteString(conn, "three")
	start := time.Now()
	conn.(*net.TCPConn).CloseWrite()
	rest, err := io.ReadAll(conn)
	took := time.Since(start)
	if err != nil || len(rest) > 0 {
		t.Fatalf("after sending \"two\" and \"three\" the client ended its side, and still received %q (%v): "+
			"replies still waiting when the client leaves are not sent.\nHint: %s", rest, err, checkHint)
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
	t.Logf("the replies still waiting were stopped; the server closed in %s", took.Round(time.Millisecond))
}
