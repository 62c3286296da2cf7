//go:build check

// The checker of exercise 1 of lesson 4: make check EX=04/1.
package main

import (
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// checkHint is the hint of most failures.
const checkHint = "declare the counter inside serve (var count atomic.Int64): each client's serve then has its own, " +
	"and the replies of that client, each in a goroutine of its own, share it safely."

// fromOneHint is the hint when the replies count from 1.
const fromOneHint = "count.Add(1) returns the count once one is added: the first reply gets 1. " +
	"Its number is one less, count.Add(1)-1, as in lesson 4, \"Step 2: an atomic counter\"."

// perMessageHint is the hint when the count starts again for each message.
const perMessageHint = "a count declared inside the for loop, or inside the reply's function, is a new one, at 0, " +
	"for each message. Declare it once for the client, at the top of serve, before the loop."

// raceHint is the hint when the race detector catches two replies
// changing one count.
const raceHint = "each reply runs in a goroutine of its own, so two replies of one client can change its count at once: " +
	"a plain int cannot be shared that way. Make the client's count an atomic.Int64, declared in serve, " +
	"and number each reply with count.Add(1)-1, as lesson 4, \"Step 2: an atomic counter\" does."

// checkConn is the server's end of a client's connection. It tells, on
// reads, each Read that brought bytes; and while gate is open (not yet
// closed), it holds back the server's writes.
type checkConn struct {
	net.Conn
	reads chan struct{}
	gate  chan struct{}
}

func (c *checkConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.reads <- struct{}{}
	}
	return n, err
}

func (c *checkConn) Write(p []byte) (int, error) {
	<-c.gate
	return c.Conn.Write(p)
}

// checkClient connects a client to serve, and returns the client's end
// and the server's. Until release is called, the server's writes wait.
func checkClient(t *testing.T, delay time.Duration) (client net.Conn, server *checkConn, release func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	conn, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	server = &checkConn{Conn: conn, reads: make(chan struct{}, 16), gate: make(chan struct{})}
	release = sync.OnceFunc(func() { close(server.gate) })
	t.Cleanup(release) // a reply held back ends with the test
	go serve(server, delay)
	client.SetDeadline(time.Now().Add(5 * time.Second))
	return client, server, release
}

// checkOrdinal is "first", "second" or "third".
func checkOrdinal(i int) string {
	return [...]string{"first", "second", "third"}[i]
}

func TestCounters(t *testing.T) {
	// Two clients take turns, each waiting for its reply before it
	// talks again: client 1's first message, client 2's first, client
	// 1's second, and so on.
	var clients [2]net.Conn
	for i := range clients {
		var release func()
		clients[i], _, release = checkClient(t, 10*time.Millisecond)
		release()
	}
	for round := range 3 {
		for i, c := range clients {
			fmt.Fprintf(c, "message %d", round)
			buf := make([]byte, 64)
			n, err := c.Read(buf)
			if err != nil {
				t.Fatalf("client %d sent its %s message and read no reply: %v.\nHint: %s", i+1, checkOrdinal(round), err, checkHint)
			}
			if got := string(buf[:n]); got != fmt.Sprintf("server message %d", round) {
				checkWrongReply(t, i, round, got)
			}
		}
	}

	// One client sends two messages, each read on its own, before either
	// reply goes: the two replies, each in its own goroutine, number
	// themselves at the same time.
	c, server, release := checkClient(t, time.Millisecond)
	for _, msg := range []string{"first", "second"} {
		io.WriteString(c, msg)
		select {
		case <-server.reads:
		case <-time.After(5 * time.Second):
			t.Fatalf("a client sent %q, and serve did not read it in five seconds.\nHint: %s", msg, checkHint)
		}
	}
	release()
	both := make([]byte, 2*len("server message 0"))
	n, err := io.ReadFull(c, both)
	if err != nil || (string(both) != "server message 0server message 1" && string(both) != "server message 1server message 0") {
		t.Fatalf("a new client sent two messages at once and read %q%s: its two replies are "+
			"\"server message 0\" and \"server message 1\", one each, in either order.\nHint: %s", both[:n], checkErr(err), checkHint)
	}
	t.Logf("two clients, taking turns, each got server message 0, 1 and 2; a client with two replies due at once got 0 and 1")
}

// checkWrongReply fails the test, saying what the wrong reply got, the
// client's round'th (from 0), tells of the count behind it.
func checkWrongReply(t *testing.T, client, round int, got string) {
	t.Helper()
	want := fmt.Sprintf("server message %d", round)
	said := fmt.Sprintf("client %d's %s reply was %q, where it should have been %q", client+1, checkOrdinal(round), got, want)
	var k int
	if _, err := fmt.Sscanf(got, "server message %d", &k); err != nil || fmt.Sprintf("server message %d", k) != got {
		t.Fatalf("%s.\nHint: %s", said, checkHint)
	}
	switch {
	case k == round+1 && client == 0:
		t.Fatalf("%s: the replies were counted from 1. Each client's first reply is \"server message 0\".\nHint: %s", said, fromOneHint)
	case round > 0 && k == 0:
		t.Fatalf("%s: the count started again at 0 for this message, where it should go on from the client's last reply.\nHint: %s", said, perMessageHint)
	case client == 1 && k > round:
		t.Fatalf("%s: client 2 went on from client 1's count, so the two clients share one count. "+
			"Each client counts its own replies, from 0.\nHint: %s", said, checkHint)
	}
	t.Fatalf("%s: each client numbers its own replies, from 0, one more with each reply.\nHint: %s", said, checkHint)
}

// checkErr says what an error was, for a sentence: nothing if nil.
func checkErr(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf(" (the error %q)", err)
}
