//go:build check

// The checker of exercise 1 of lesson 1: make check EX=01/1.
package main

import (
	"net"
	"testing"
	"time"
)

const checkHint = "compare with errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed) and " +
	"errors.Is(err, os.ErrDeadlineExceeded): it looks inside the errors that wrap the cause."

// checkPair connects a client to a server of its own on loopback.
func checkPair(t *testing.T) (client, server net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server, err = ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	client.SetReadDeadline(time.Now().Add(5 * time.Second))
	return client, server
}

func TestEvent(t *testing.T) {
	cases := []struct {
		what, want string
		happen     func(client, server net.Conn)
	}{
		{"the peer ended its side", "end", func(_, server net.Conn) { server.Close() }},
		{"the peer reset the connection", "error", func(_, server net.Conn) {
			server.(*net.TCPConn).SetLinger(0) // Close sends a reset
			server.Close()
		}},
		{"we had closed the connection ourselves", "close", func(client, _ net.Conn) { client.Close() }},
		{"the read deadline passed", "timeout", func(client, _ net.Conn) { client.SetReadDeadline(time.Now()) }},
	}
	for _, c := range cases {
		client, server := checkPair(t)
		c.happen(client, server)
		_, err := client.Read(make([]byte, 10))
		if got := event(err); got != c.want {
			t.Errorf("when %s, Read returned the error %q, and event said %q: Node would fire %q.", c.what, err, got, c.want)
		}
	}
	if t.Failed() {
		t.Logf("Hint: %s", checkHint)
	}
}
