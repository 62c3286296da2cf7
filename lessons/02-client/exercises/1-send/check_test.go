//go:build check

// The checker of exercise 1 of lesson 2: make check EX=02/1.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

const checkHint = "end your side with conn.(*net.TCPConn).CloseWrite(), which is Node's end(), " +
	"then read with io.ReadAll(conn) until the server ends its side."

// checkServer answers once the client has ended its side: it counts the
// bytes, then sends its answer in three writes, a moment apart.
func checkServer(t *testing.T) (addr string, ended <-chan bool) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan bool, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		// Wait a second at most for the end of the request.
		conn.SetReadDeadline(time.Now().Add(time.Second))
		request, err := io.ReadAll(conn)
		got <- err == nil
		if err != nil {
			return
		}
		for _, part := range []string{fmt.Sprintf("you sent %d bytes\n", len(request)), "and said you were done\n", "goodbye\n"} {
			time.Sleep(20 * time.Millisecond)
			io.WriteString(conn, part)
		}
	}()
	return ln.Addr().String(), got
}

func TestSend(t *testing.T) {
	addr, ended := checkServer(t)
	type result struct {
		answer []byte
		err    error
	}
	done := make(chan result, 1)
	go func() {
		answer, err := send(addr, []byte("hello, server\n"))
		done <- result{answer, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("send had not returned after 5 seconds.\nHint: %s", checkHint)
	}
	var gotEnd bool
	select {
	case gotEnd = <-ended:
	case <-time.After(2 * time.Second):
		t.Fatalf("send returned %q and %v without connecting to the server at all.\nHint: %s", r.answer, r.err, checkHint)
	}
	if !gotEnd {
		t.Fatalf("the server waited a second for the end of your request, and it never came: "+
			"the server cannot know you are done until you end your side.\nHint: %s", checkHint)
	}
	if r.err != nil {
		why := ""
		switch {
		case errors.Is(r.err, net.ErrClosed):
			why = " Close ends both directions: you can no longer read."
		case errors.Is(r.err, io.EOF):
			why = " io.EOF is how a Read says the server has ended its side: the normal end of the answer, not an error to return."
		}
		t.Fatalf("send returned the error %q.%s\nHint: %s", r.err, why, checkHint)
	}
	want := "you sent 14 bytes\nand said you were done\ngoodbye\n"
	if string(r.answer) != want {
		t.Fatalf("send returned %q, but the server sent %q, in three pieces: "+
			"one Read returns what has come so far, not the whole answer.\nHint: %s",
			r.answer, want, checkHint)
	}
	t.Logf("send returned the whole answer: %q", strings.TrimSpace(string(r.answer)))
}
