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

// The hints for the other kinds of mistake.
const (
	endHint = "conn.(*net.TCPConn).CloseWrite() ends your side and no more: the server reads io.EOF " +
		"and knows the request is complete (step 2 of lesson 2, \"CloseWrite, and read until the end\")."
	closeHint = "CloseWrite ends your side only, and you can still read the answer; " +
		"Close ends both directions: call it once you have read everything (defer conn.Close())."
	eofHint = "io.EOF is the end of the answer, not a failure: stop reading there and return nil, " +
		"as io.ReadAll(conn) does."
	onceHint = "one Read returns what has come so far: read until Read returns io.EOF, " +
		"or let io.ReadAll(conn) do it."
	piecesHint = "keep buf[:n] of each Read, the n bytes it put in the buffer: the rest of buf " +
		"holds bytes from before, or zeros."
)

// checkServer answers once the client has ended its side: it counts the
// bytes, then sends its answer in three writes, 50ms apart: long enough
// that no client reads two of them at once, even on a busy machine.
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
			time.Sleep(50 * time.Millisecond)
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
		t.Fatalf("send had not returned after 5 seconds, though the server ends every connection within two.\nHint: %s", onceHint)
	}
	var gotEnd bool
	select {
	case gotEnd = <-ended:
	case <-time.After(2 * time.Second):
		t.Fatalf("send returned %q and %v without connecting to the server at all.\nHint: %s", r.answer, r.err, checkHint)
	}
	if !gotEnd {
		t.Fatalf("the server waited a second for the end of your request, and it never came: "+
			"the server cannot know you are done until you end your side.\nHint: %s", endHint)
	}
	if r.err != nil {
		why, hint := "", checkHint
		switch {
		case errors.Is(r.err, net.ErrClosed):
			why, hint = " Close ends both directions: you can no longer read.", closeHint
		case errors.Is(r.err, io.EOF):
			why, hint = " io.EOF is how a Read says the server has ended its side: the normal end of the answer, not an error to return.", eofHint
		}
		t.Fatalf("send returned the error %q.%s\nHint: %s", r.err, why, hint)
	}
	want := "you sent 14 bytes\nand said you were done\ngoodbye\n"
	switch {
	case string(r.answer) == want:
	case strings.HasPrefix(want, string(r.answer)):
		t.Fatalf("send returned %q, but the server sent %q, in three pieces: "+
			"one Read returns what has come so far, not the whole answer.\nHint: %s",
			r.answer, want, onceHint)
	case len(r.answer) > len(want):
		t.Fatalf("send returned %d bytes, but the server sent %d, in three pieces: %q. "+
			"The bytes beyond those are not the server's.\nHint: %s", len(r.answer), len(want), want, piecesHint)
	default:
		t.Fatalf("send returned %q, but the server sent %q, in three pieces.\nHint: %s", r.answer, want, checkHint)
	}
	t.Logf("send returned the whole answer: %q", strings.TrimSpace(string(r.answer)))
}
