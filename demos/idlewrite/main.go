// Command idlewrite shows that a read deadline set before each Read is
// not all of Node's socket.setTimeout, which restarts on writes too. To
// time out only once nothing has been read or written for a while, each
// Write has to push the read deadline back as well.
package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"time"
)

const (
	ticks    = 16
	interval = 50 * time.Millisecond
	idle     = 500 * time.Millisecond
)

func main() {
	fmt.Printf("we write %d ticks, one every %s, to a peer that says nothing; the timeout is %s\n", ticks, interval, idle)

	// ANCHOR: deadlines
	// The peer never writes: one Read waits all along, and the
	// writes meanwhile do not move its deadline.
	conn := silentPeer()
	written := writeTicks(conn, func() {})
	conn.SetReadDeadline(time.Now().Add(idle))
	_, err := conn.Read(make([]byte, 1))
	fmt.Printf("a read deadline that only Read sets: Read failed with %s after %s writes\n", describe(err), compare(written))
	conn.Close()

	conn = silentPeer()
	renew := func() { conn.SetReadDeadline(time.Now().Add(idle)) }
	// Each Write pushes back the deadline of the Read that waits
	// meanwhile: a deadline may be moved while a Read waits on it.
	written = writeTicks(conn, renew)
	renew()
	_, err = conn.Read(make([]byte, 1))
	fmt.Printf("a read deadline that each Write sets too: Read failed with %s after %s writes\n", describe(err), compare(written))
	conn.Close()
	// ANCHOR_END: deadlines
}

// writeTicks writes a tick at every interval in a goroutine of its own,
// calling before ahead of each Write, and counts the writes done.
func writeTicks(conn net.Conn, before func()) *atomic.Int32 {
	var written atomic.Int32
	go func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for range ticks {
			<-ticker.C
			before()
			if _, err := conn.Write([]byte{'.'}); err != nil {
				return
			}
			written.Add(1)
		}
	}()
	return &written
}

func compare(written *atomic.Int32) string {
	if n := written.Load(); n < ticks {
		return fmt.Sprintf("fewer than %d", ticks)
	}
	return fmt.Sprintf("all %d", ticks)
}

func describe(err error) string {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return "os.ErrDeadlineExceeded"
	}
	return fmt.Sprint(err)
}

// silentPeer returns a connection whose peer reads everything and never
// writes, until the connection closes.
func silentPeer() net.Conn {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	peer, err := ln.Accept()
	check(err)
	go func() {
		defer peer.Close()
		buf := make([]byte, 64)
		for {
			if _, err := peer.Read(buf); err != nil {
				return
			}
		}
	}()
	return conn
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "idlewrite:", err)
		os.Exit(1)
	}
}
