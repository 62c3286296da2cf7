//go:build check

// The checker of exercise 2 of lesson 1: make check EX=01/2.
package main

import (
	"errors"
	"fmt"
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
	got, err := readIdle(slow, time.Second)
	if err != nil || string(got) != "abcdefghijklmnopqrst" {
		t.Fatalf("a peer sent a byte every 60ms, twenty in all, then ended its side. With idle at 1s, "+
			"readIdle returned %q%s, where it should have returned all twenty and no error: "+
			"the peer was never silent for a second.\nHint: %s", got, checkErr(err), checkHint)
	}

	// Three bytes, then silence.
	quiet := checkPeer(t, []string{"abc"}, 0, false)
	start := time.Now()
	got, err = readIdle(quiet, time.Second)
	took := time.Since(start)
	if !errors.Is(err, os.ErrDeadlineExceeded) || string(got) != "abc" {
		t.Fatalf("a peer sent \"abc\" and fell silent. readIdle returned %q%s, where it should have "+
			"returned \"abc\" and an error that is os.ErrDeadlineExceeded, after a second of silence.\nHint: %s", got, checkErr(err), checkHint)
	}
	if took > 2500*time.Millisecond {
		t.Fatalf("readIdle gave up on a silent peer after %s; it should give up after a second of silence.\nHint: %s", took.Round(time.Millisecond), checkHint)
	}
	t.Logf("a slow peer read to its end, a silent one given up on after %s", took.Round(10*time.Millisecond))
}
