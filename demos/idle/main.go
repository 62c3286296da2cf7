// Command idle shows that a Go deadline is a point in time, not an idle
// timer: activity does not push it back. A fresh deadline before each
// Read times silence as Node's socket.setTimeout does on a socket we only
// read from; demos/idlewrite shows what our writes change.
package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"time"
)

const (
	ticks    = 16
	interval = 50 * time.Millisecond
	idle     = 500 * time.Millisecond
)

func main() {
	fmt.Printf("the peer sends %d ticks, one every %s; the timeout is %s\n", ticks, interval, idle)

	// ANCHOR: once
	conn := ticking()
	conn.SetReadDeadline(time.Now().Add(idle))
	n, err := countTicks(conn, func() {})
	fmt.Printf("one deadline: Read failed with %s after %s ticks\n", describe(err), compare(n))
	conn.Close()
	// ANCHOR_END: once

	// ANCHOR: fresh
	conn = ticking()
	n, err = countTicks(conn, func() {
		// Each Read gets the whole idle time again, as Node's
		// setTimeout restarts on every read. (It restarts on every
		// write as well, which this loop, reading only, never sees.)
		conn.SetReadDeadline(time.Now().Add(idle))
	})
	fmt.Printf("a fresh deadline before each Read: Read failed with %s after %s ticks\n", describe(err), compare(n))
	conn.Close()
	// ANCHOR_END: fresh
}

// countTicks reads one-byte ticks until a Read fails, calling before ahead
// of each Read.
func countTicks(conn net.Conn, before func()) (int, error) {
	buf := make([]byte, 1)
	for n := 0; ; n++ {
		before()
		if _, err := conn.Read(buf); err != nil {
			return n, err
		}
	}
}

func compare(n int) string {
	if n == ticks {
		return fmt.Sprintf("all %d", ticks)
	}
	return fmt.Sprintf("fewer than %d", ticks)
}

func describe(err error) string {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return "os.ErrDeadlineExceeded"
	}
	return err.Error()
}

// ticking returns a connection whose peer sends a tick at every interval,
// then falls silent, holding the connection open.
func ticking() net.Conn {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	peer, err := ln.Accept()
	check(err)
	go func() {
		defer peer.Close()
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for range ticks {
			<-ticker.C
			if _, err := peer.Write([]byte{'.'}); err != nil {
				return
			}
		}
		// Silent now: wait until the other side closes.
		peer.Read(make([]byte, 1))
	}()
	return conn
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "idle:", err)
		os.Exit(1)
	}
}
