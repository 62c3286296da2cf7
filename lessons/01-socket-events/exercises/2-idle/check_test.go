//go:build check

// The checker of exercise 2 of lesson 1: make check EX=01/2.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

const checkHint = "set the deadline inside the loop, before each Read: " +
	"conn.SetReadDeadline(time.Now().Add(idle)) then means idle from now, every time."

// The hints for the other kinds of mistake.
const (
	eofHint = "io.EOF is how Read says the peer has ended its side, the normal end: " +
		"return what came, with a nil error."
	silentHint = "return the error of the Read that gave up: errors.Is(err, os.ErrDeadlineExceeded) " +
		"is how the caller tells a peer that fell silent from one that said goodbye."
	neverHint = "a Read with no deadline waits for as long as the peer says nothing: " +
		"set the deadline before each Read, the first one too."
	wrapHint = "return Read's error as it came, or wrap it with fmt.Errorf and %w, " +
		"which errors.Is looks through."
	lostHint = "append buf[:n] to what you return before you look at err: " +
		"the n bytes came, whatever err says."
)

// checkPeer sends the pieces over a real connection, pause apart, and
// ends its side after them if end is true; else it falls silent.
func checkPeer(t *testing.T, pieces []string, pause time.Duration, end bool) net.Conn {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	silent := make(chan struct{})
	t.Cleanup(func() { close(silent) })
	go func() {
		conn, err := ln.Accept()
		// Closed only now: closing a listener resets the connections
		// still waiting to be accepted.
		ln.Close()
		if err != nil {
			return
		}
		defer conn.Close()
		for _, p := range pieces {
			time.Sleep(pause)
			conn.Write([]byte(p))
		}
		if !end {
			// Silent until the test ends, three seconds at most: a
			// readIdle that never gives up is then told so.
			select {
			case <-silent:
			case <-time.After(3 * time.Second):
			}
		}
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// checkErr says what an error was, for a sentence: nothing if nil.
func checkErr(err error) string {
	if err == nil {
		return " and no error"
	}
	return fmt.Sprintf(" and the error %q", err)
}

func TestReadIdle(t *testing.T) {
	// Twenty bytes, one every 60ms: 1.2s in all, never silent for the
	// second allowed.
	var bytes []string
	for i := range 20 {
		bytes = append(bytes, string(rune('a'+i)))
	}
	slow := checkPeer(t, bytes, 60*time.Millisecond, true)
	start := time.Now()
	got, err := readIdle(slow, time.Second)
	took := time.Since(start).Round(10 * time.Millisecond)
	const all = "abcdefghijklmnopqrst"
	said := fmt.Sprintf("a peer sent a byte every 60ms, twenty in all, then ended its side. "+
		"With idle at 1s, readIdle returned %q%s after %s", got, checkErr(err), took)
	switch {
	case errors.Is(err, io.EOF):
		t.Fatalf("%s, where it should have returned all twenty and no error: "+
			"io.EOF is no failure, the peer said goodbye.\nHint: %s", said, eofHint)
	case errors.Is(err, os.ErrDeadlineExceeded):
		t.Fatalf("%s: it gave up on a peer that was never silent for a second.\nHint: %s", said, checkHint)
	case err != nil:
		t.Fatalf("%s, where it should have returned all twenty and no error.\nHint: %s", said, checkHint)
	case string(got) != all:
		t.Fatalf("%s, where it should have returned all twenty: bytes that came are missing.\nHint: %s", said, lostHint)
	}

	checkSilent(t, "abc")
	took = checkSilent(t, "")
	t.Logf("a slow peer read to its end, a silent one given up on after %s", took)
}

// checkSilent has a peer send what, if anything, then fall silent, and
// checks that readIdle gives up after a second of silence, having
// returned what came. It returns how long readIdle took.
func checkSilent(t *testing.T, what string) time.Duration {
	var pieces []string
	peer := "a peer that connected and said nothing at all"
	if what != "" {
		pieces = []string{what}
		peer = fmt.Sprintf("a peer that sent %q and fell silent", what)
	}
	quiet := checkPeer(t, pieces, 0, false)
	start := time.Now()
	got, err := readIdle(quiet, time.Second)
	took := time.Since(start).Round(10 * time.Millisecond)
	said := fmt.Sprintf("with idle at 1s, readIdle returned %q%s after %s, for %s", got, checkErr(err), took, peer)
	switch {
	case took > 2500*time.Millisecond:
		hint := checkHint
		if what == "" || err == nil {
			hint = neverHint
		}
		t.Fatalf("%s: it waited until the peer closed the connection, 3s in, where it should have given up "+
			"itself after a second of silence.\nHint: %s", said, hint)
	case err == nil:
		t.Fatalf("%s: after a second of silence it should return an error that is os.ErrDeadlineExceeded, "+
			"or the caller takes the silence for an end.\nHint: %s", said, silentHint)
	case !errors.Is(err, os.ErrDeadlineExceeded):
		t.Fatalf("%s: errors.Is does not take that error for os.ErrDeadlineExceeded.\nHint: %s", said, wrapHint)
	case string(got) != what:
		t.Fatalf("%s, where it should have returned %q, what came before the silence.\nHint: %s", said, what, lostHint)
	}
	return took
}
