//go:build check

// The checker of exercise 2 of lesson 5: make check EX=05/2.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// checkHint is the hint of most failures.
const checkHint = "make(chan struct{}, max) counts the clients: send into it (select with a default) before " +
	"serving one, receive from it when the client leaves; when the send would block, write \"busy\\n\" and close."

// waitHint is the hint when a client beyond max is kept waiting.
const waitHint = "a send into a full channel waits for room, and holds up the accept loop with it: " +
	"a select with a default case tries the send, and takes the default at once when there is no room."

// closeHint is the hint when a client told busy is left connected.
const closeHint = "after writing \"busy\\n\", close the connection: the client reads the line, then the end."

// giveBackHint is the hint when a client that leaves keeps its place.
const giveBackHint = "when a client's goroutine ends, it gives its place back: defer the receive from the channel " +
	"(func() { <-slots }()) at the top of that goroutine."

// raceHint is the hint when the race detector catches the accept loop
// and the clients' goroutines sharing a count.
const raceHint = "the accept loop and each client's goroutine all change the count of clients, at the same time: " +
	"a plain int cannot be shared that way. Let a channel with room for max count them, as lesson 5, " +
	"\"Step 5: only so many at once\" does: a send takes a place, a receive gives one back."

// checkKnock connects and returns the first line the server sends, or
// what came instead.
func checkKnock(t *testing.T, addr string) (net.Conn, string) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("could not connect: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return conn, "nothing in two seconds"
	case err != nil:
		return conn, fmt.Sprintf("nothing (%v)", err)
	}
	return conn, line
}

// checkServedAgain closes a client that is served, then knocks until a
// new client is served in its place, for two seconds at most.
func checkServedAgain(t *testing.T, addr string, leaving net.Conn) net.Conn {
	leaving.Close()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
		conn, line := checkKnock(t, addr)
		if line == "hello\n" {
			return conn
		}
		conn.Close() // turned away: it need not hold its descriptor till the end
	}
	t.Fatalf("after a client that was served left, new clients still read \"busy\\n\" two seconds later: "+
		"a client that leaves gives its place back.\nHint: %s", giveBackHint)
	return nil
}

func TestBusy(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go run(ln, 2)
	addr := ln.Addr().String()

	first, line := checkKnock(t, addr)
	if line != "hello\n" {
		t.Fatalf("the first client read %q, not \"hello\\n\".\nHint: %s", line, checkHint)
	}
	second, line := checkKnock(t, addr)
	if line != "hello\n" {
		t.Fatalf("the second client, with max 2, read %q, not \"hello\\n\".\nHint: %s", line, checkHint)
	}
	third, line := checkKnock(t, addr)
	if strings.HasPrefix(line, "nothing in") {
		t.Fatalf("with 2 clients served and max 2, a third read nothing in two seconds, where it should have "+
			"read \"busy\\n\" at once: the server waited for a place instead of answering.\nHint: %s", waitHint)
	}
	if line != "busy\n" {
		t.Fatalf("with 2 clients served and max 2, a third read %q where it should have read \"busy\\n\".\nHint: %s", line, checkHint)
	}
	third.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := third.Read(make([]byte, 10)); errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after \"busy\\n\" the third client's connection stayed open: two seconds later, it had not ended.\nHint: %s", closeHint)
	} else if err != io.EOF {
		t.Fatalf("after \"busy\\n\" the third client's connection should have ended; reading on gave %d bytes%s.\nHint: %s",
			n, checkErr(err), closeHint)
	}

	// The clients served leave, one at a time, and each time a new one
	// takes the place: the server's goroutines give places back while
	// its accept loop takes them.
	served := []net.Conn{first, second}
	for i := range 4 {
		served[i%2] = checkServedAgain(t, addr, served[i%2])
	}
	if _, line := checkKnock(t, addr); line != "busy\n" {
		t.Fatalf("after clients had left and others taken their places, 2 were served again, and one more read %q, "+
			"not \"busy\\n\": a place is given back once, when its client leaves.\nHint: %s", line, checkHint)
	}
	t.Logf("two served, the third told busy, and a place given back each time one left")
}

// checkErr says what an error was, for a sentence: nothing if nil.
func checkErr(err error) string {
	if err == nil {
		return " and no error"
	}
	return fmt.Sprintf(" and the error \"%v\"", err)
}
