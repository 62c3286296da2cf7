//go:build check

// The checker of exercise 2 of lesson 1: make check EX=01/2.
package main

import (
	"errors"
	"net"
	"os"
	"testing"
	"time"
)

const checkHint = "set the deadline inside the loop, before each Read: " +
	"conn.SetReadDeadline(time.Now().Add(idle)) then means idle from now, every time."

// checkPeer sends the pieces over a real connection, pause apart, and
// ends its side after them if end is true; else it falls silent.
func checkPeer(t *testing.T, pieces []string, pause time.Duration, end bool) net.Conn {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	silent := make(chan struct{})
	t.Cleanup(func() { close(silent) })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		for _, p := range pieces {
			time.Sleep(pause)
			conn.Write([]byte(p))
		}
		if !end {
			<-silent
		}
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestReadIdle(t *testing.T) {
	// Ten bytes, one every 40ms: 400ms in all, never silent for the
	// 300ms allowed.
	slow := checkPeer(t, []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, 40*time.Millisecond, true)
	got, err := readIdle(slow, 300*time.Millisecond)
	if err != nil || string(got) != "0123456789" {
		t.Fatalf("a peer sent a byte every 40ms, ten in all, then ended its side; with idle at 300ms "+
			"readIdle returned %q and %v, where it should have returned all ten and no error: "+
			"the peer was never silent for 300ms.\nHint: %s", got, err, checkHint)
	}

	// Three bytes, then silence.
	quiet := checkPeer(t, []string{"abc"}, 0, false)
	start := time.Now()
	got, err = readIdle(quiet, 300*time.Millisecond)
	took := time.Since(start)
	if !errors.Is(err, os.ErrDeadlineExceeded) || string(got) != "abc" {
		t.Fatalf("a peer sent \"abc\" and fell silent; readIdle returned %q and %v, where it should have "+
			"returned \"abc\" and an error that is os.ErrDeadlineExceeded.\nHint: %s", got, err, checkHint)
	}
	if took > 2*time.Second {
		t.Fatalf("readIdle gave up on a silent peer after %s; it should give up after 300ms of silence.\nHint: %s", took, checkHint)
	}
	t.Logf("a slow peer read to its end, a silent one given up on after %s", took.Round(10*time.Millisecond))
}
