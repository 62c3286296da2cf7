//go:build check

// The checker of exercise 1 of lesson 3: make check EX=03/1.
package main

import (
	"bufio"
	"bytes"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

const checkHint = "serve each client in a goroutine of its own (go serve(conn)), and in serve, " +
	"read into a buffer and write back each piece with a to z turned into A to Z."

// checkClient connects to the server and is greeted by nothing: it says
// a line and returns the answer, waiting two seconds at most.
func checkClient(t *testing.T, addr string) (say func(line string) string) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("could not connect to your server: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	reader := bufio.NewReader(conn)
	return func(line string) string {
		conn.SetDeadline(time.Now().Add(2 * time.Second))
		if _, err := conn.Write([]byte(line)); err != nil {
			t.Fatalf("could not send %q: %v", line, err)
		}
		answer, err := reader.ReadString('\n')
		if err != nil {
			return "nothing (" + err.Error() + ")"
		}
		return answer
	}
}

func TestShout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	returned := make(chan error, 1)
	go func() { returned <- run(ln) }()

	first := checkClient(t, ln.Addr().String())
	got := first("hello, héllo\n")
	if got == string(bytes.ToUpper([]byte("hello, héllo\n"))) {
		t.Fatalf("the first client sent %q and got back %q: that is bytes.ToUpper, which turns é into É. "+
			"Only a to z become capitals; every other byte comes back as it came.\nHint: %s", "hello, héllo\n", got, checkHint)
	}
	if got != "HELLO, HéLLO\n" {
		t.Fatalf("the first client sent %q and got back %s; it should have got %q: "+
			"a to z in upper case, every other byte as it came.\nHint: %s", "hello, héllo\n", quoteOr(got), "HELLO, HéLLO\n", checkHint)
	}
	// The first client stays connected while a second one talks.
	second := checkClient(t, ln.Addr().String())
	if got := second("anyone there?\n"); got != "ANYONE THERE?\n" {
		t.Fatalf("while the first client stayed connected, a second one sent %q and got back %s: "+
			"your server serves one client at a time.\nHint: %s", "anyone there?\n", quoteOr(got), checkHint)
	}
	if got := first("still here\n"); got != "STILL HERE\n" {
		t.Fatalf("the first client, still connected, sent %q and got back %s.\nHint: %s", "still here\n", quoteOr(got), checkHint)
	}

	ln.Close()
	select {
	case <-returned:
	case <-time.After(2 * time.Second):
		t.Fatalf("run did not return after the listener was closed: it should return Accept's error.\nHint: %s", checkHint)
	}
	t.Logf("two clients at once, each shouted back at")
}

// quoteOr quotes an answer, and leaves "nothing (why)" as it is.
func quoteOr(s string) string {
	if strings.HasPrefix(s, "nothing (") {
		return s
	}
	return strconv.Quote(s)
}
