//go:build check

// The checker of exercise 2 of lesson 4: make check EX=04/2.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

// checkHint is the hint of most failures.
const checkHint = "keep each *time.Timer that time.AfterFunc returns; when the client has ended its side, " +
	"Stop each one, and call pending.Done() for each Stop that returns true: that reply will never run."

// replyHint is the hint when a message gets the wrong reply, or none.
const replyHint = "each message still gets its reply, \"reply to \" and the message and a newline, delay after it came; " +
	"only the replies still waiting when the client leaves are dropped."

// doneHint is the hint when serve never returns.
const doneHint = "a reply whose timer Stop stopped never runs, so it never calls pending.Done() itself: " +
	"call it for each Stop that returns true, or pending.Wait() waits for ever."

// stopHint is the hint when pending.Done() is called once too often.
const stopHint = "Stop returns false for a reply that has run, or is running: that one calls pending.Done() itself. " +
	"Call pending.Done() only for each Stop that returns true."

// raceHint is the hint when the race detector catches a reply and serve
// sharing memory, the set of timers say.
const raceHint = "a timer's function runs in a goroutine of its own, so what it shares with serve (the set of timers, " +
	"the variable that holds its timer) needs a lock, as in lesson 4, \"Step 3: clearTimeout is Timer.Stop\". " +
	"Simpler: keep the timers in a slice that only serve touches, and let Stop's result tell which replies will never run."

// vetHint is the hint when go vet finds a mistake, a WaitGroup copied say.
const vetHint = "if it is pending that is copied, Done on the copy leaves pending's own count as it was, " +
	"and pending.Wait() waits for ever: pass &pending, or call Done in serve itself."

// checkConn is the server's end of the connection. It tells, on late,
// each Write made after its Close, and keeps the time of the last Read
// that brought bytes.
type checkConn struct {
	net.Conn
	closed   atomic.Bool
	late     chan struct{}
	lastRead atomic.Int64 // in Unix nanoseconds
}

func (c *checkConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.lastRead.Store(time.Now().UnixNano())
	}
	return n, err
}

func (c *checkConn) Write(p []byte) (int, error) {
	if c.closed.Load() {
		select {
		case c.late <- struct{}{}:
		default:
		}
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
	// served receives what serve panicked with, or nil once it returns.
	served := make(chan any, 1)
	watched := &checkConn{late: make(chan struct{}, 1)}
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		watched.Conn = conn
		defer func() { served <- recover() }()
		serve(watched, delay)
	}()

	// One message, its reply, then two more and the client's end.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(delay + 2*time.Second))
	io.WriteString(conn, "one")
	reply := make([]byte, 64)
	n, err := conn.Read(reply)
	if err != nil || string(reply[:n]) != "reply to one\n" {
		t.Fatalf("a client sent \"one\" and read %q%s, not \"reply to one\\n\".\nHint: %s", reply[:n], checkErr(err), replyHint)
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
	if errors.Is(err, os.ErrDeadlineExceeded) {
		checkServed(t, served, 0, fmt.Sprintf("the client ended its side, and %s later serve had not returned, "+
			"nor closed the connection: it was still waiting, for replies that will never come.\nHint: %s",
			took.Round(time.Second), doneHint))
		t.Fatalf("serve returned, and the connection stayed open: the client, which had ended its side, " +
			"waited for the server's end.\nHint: close the connection before serve returns (defer conn.Close()).")
	}
	if err != nil {
		t.Fatalf("after the client ended its side, reading the server's end failed: %v.\nHint: %s", err, checkHint)
	}
	if took >= delay {
		t.Fatalf("the client ended its side, and the server took %s to close: it waited for the replies "+
			"it should not send.\nHint: %s", took.Round(time.Millisecond), checkHint)
	}
	checkServed(t, served, 2*time.Second, fmt.Sprintf("the server closed the connection, and two seconds later "+
		"serve had still not returned: it was still waiting, for replies that will never come.\nHint: %s", doneHint))

	// A reply not stopped still runs once its delay is over, and writes
	// to the closed connection: wait that long after the last message
	// came for one to show, and a little more.
	select {
	case <-watched.late:
		t.Fatalf("after serve had closed the connection, a reply still ran and wrote to it: "+
			"its timer was not stopped.\nHint: %s", checkHint)
	case <-time.After(time.Until(time.Unix(0, watched.lastRead.Load()).Add(delay + 500*time.Millisecond))):
	}
	t.Logf("the replies still waiting were stopped; the server closed %s after the client's end", took.Round(time.Microsecond))
}

// checkServed waits up to wait for serve to return, and fails the test
// with hung if it has not, or with what it panicked with.
func checkServed(t *testing.T, served chan any, wait time.Duration, hung string) {
	t.Helper()
	select {
	case p := <-served:
		if p != nil {
			t.Fatalf("serve panicked with %q.\nHint: %s", fmt.Sprint(p), stopHint)
		}
		return
	case <-time.After(wait):
	}
	t.Fatalf("%s", hung)
}

// checkErr says what an error was, for a sentence: nothing if nil.
func checkErr(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf(" (the error %q)", err)
}
