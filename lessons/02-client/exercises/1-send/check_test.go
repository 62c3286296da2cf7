//go:build check

// The checker of exercise 1 of lesson 2: make check EX=02/1.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
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

// What the server's socket saw of how the client ended its side. A
// socket reports the segments that came in the results of its calls: the
// client's FIN is the io.EOF that ends the request, and its RST makes the
// server's next write fail, with EPIPE or ECONNRESET. These are the
// packets of the exchange, read without capturing them.
type serverSaw struct {
	pieces    int  // the pieces of the answer written before a write failed
	sent      int  // their bytes
	lastStart int  // the bytes before the last piece written
	reset     bool // a write failed: the client's system had answered with RST
	early     bool // send had returned before the answer's first piece
}

// checkServer answers once the client has ended its side: it counts the
// bytes, then sends its answer in three writes, 50ms apart: long enough
// that no client reads two of them at once, even on a busy machine.
// ended says whether the request's end came; seen, once the answer is
// over, what the server saw of the client's side.
func checkServer(t *testing.T, returned <-chan struct{}) (addr string, ended <-chan bool, seen <-chan serverSaw) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan bool, 1)
	saw := make(chan serverSaw, 1)
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
		saw <- answer(conn, len(request), returned)
	}()
	return ln.Addr().String(), got, saw
}

// answer writes the answer's three pieces and notes how far it got. A
// write to a socket that the client has closed still succeeds: its bytes
// go out, and the client's system answers them with RST. The write after
// that one fails.
func answer(conn net.Conn, requestLen int, returned <-chan struct{}) serverSaw {
	var saw serverSaw
	pieces := []string{fmt.Sprintf("you sent %d bytes\n", requestLen), "and said you were done\n", "goodbye\n"}
	for i, piece := range pieces {
		time.Sleep(50 * time.Millisecond)
		if i == 0 {
			select {
			case <-returned:
				saw.early = true
			default:
			}
		}
		if _, err := io.WriteString(conn, piece); err != nil {
			saw.reset = errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
			return saw
		}
		saw.pieces, saw.lastStart, saw.sent = saw.pieces+1, saw.sent, saw.sent+len(piece)
	}
	return saw
}

// onTheWire says how the client ended its side, from what the server saw
// and the number of bytes send returned.
func onTheWire(saw serverSaw, got int) string {
	switch {
	case !saw.reset && saw.early:
		return "your client sent FIN (CloseWrite), then returned before the answer came."
	case !saw.reset:
		return "your client sent FIN (CloseWrite) before reading the answer: good."
	case saw.early:
		return "your client closed before the answer came: the server's answer met a closed socket, " +
			"and your client's system answered it with RST (a reset), not an acknowledgement."
	case got > saw.lastStart && got < saw.sent:
		return fmt.Sprintf("your client closed with RST: Close with bytes unread (%d of the %d that had come) "+
			"throws them away and resets the connection, where reading to the end and then closing sends FIN.",
			saw.sent-got, saw.sent)
	default:
		return fmt.Sprintf("your client closed after %d of the answer's 3 pieces: the next one met a closed socket, "+
			"and your client's system answered it with RST (a reset).", saw.pieces-1)
	}
}

func TestSend(t *testing.T) {
	returned := make(chan struct{})
	addr, ended, seen := checkServer(t, returned)
	type result struct {
		answer []byte
		err    error
	}
	done := make(chan result, 1)
	go func() {
		answer, err := send(addr, []byte("hello, server\n"))
		close(returned)
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
	// The server's answer takes 150ms; it is over well within a second.
	var saw serverSaw
	select {
	case saw = <-seen:
	case <-time.After(time.Second):
		t.Fatalf("the server's answer had not ended after a second.\nHint: %s", checkHint)
	}
	wire := onTheWire(saw, len(r.answer))
	if r.err != nil {
		why, hint := "", checkHint
		switch {
		case errors.Is(r.err, net.ErrClosed):
			why, hint = " Close ends both directions: you can no longer read.", closeHint
		case errors.Is(r.err, io.EOF):
			why, hint = " io.EOF is how a Read says the server has ended its side: the normal end of the answer, not an error to return.", eofHint
		}
		t.Fatalf("send returned the error %q.%s\n%s\nHint: %s", r.err, why, wire, hint)
	}
	checkAnswer(t, r.answer, wire)
	t.Logf("%s", wire)
	t.Logf("send returned the whole answer: %q", strings.TrimSpace(string(r.answer)))
}

// checkAnswer compares the answer send returned with the server's, and
// says what went wrong, and what the server saw of the client's side.
func checkAnswer(t *testing.T, answer []byte, wire string) {
	want := "you sent 14 bytes\nand said you were done\ngoodbye\n"
	switch {
	case string(answer) == want:
	case strings.HasPrefix(want, string(answer)):
		t.Fatalf("send returned %q, but the server sent %q, in three pieces: "+
			"one Read returns what has come so far, not the whole answer.\n%s\nHint: %s",
			answer, want, wire, onceHint)
	case len(answer) > len(want):
		t.Fatalf("send returned %d bytes, but the server sent %d, in three pieces: %q. "+
			"The bytes beyond those are not the server's.\n%s\nHint: %s", len(answer), len(want), want, wire, piecesHint)
	default:
		t.Fatalf("send returned %q, but the server sent %q, in three pieces.\n%s\nHint: %s", answer, want, wire, checkHint)
	}
}
