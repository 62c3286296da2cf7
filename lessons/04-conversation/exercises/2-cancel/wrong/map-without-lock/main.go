// Wrong: each reply removes its timer from a map that serve also changes,
// from a goroutine of its own and without a lock: a data race, on the map
// and on the variable t.
//
// Checker: the race detector caught
// Checker: needs a lock, as in lesson 4, "Step 3: clearTimeout is Timer.Stop"
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7788", "address to listen on")
	delay := flag.Duration("delay", 2*time.Second, "how long before each reply")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cancel:", err)
		os.Exit(1)
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "cancel:", err)
			os.Exit(1)
		}
		go serve(conn, *delay)
	}
}

// serve answers each message with "reply to <message>", delay after it
// came. Once the client has ended its side, the replies still waiting are
// not sent: serve closes the connection at once and returns.
func serve(conn net.Conn, delay time.Duration) {
	defer conn.Close()
	var pending sync.WaitGroup
	timers := map[*time.Timer]bool{} // the replies still waiting
	defer func() {
		// Stop returns true for a timer stopped before its function
		// started: that reply is never sent, and its Done is ours to
		// call. One that has started is finishing: Wait waits for it,
		// before the Close.
		for t := range timers {
			if t.Stop() {
				pending.Done()
			}
		}
		pending.Wait()
	}()
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		msg := string(buf[:n])
		pending.Add(1)
		var t *time.Timer
		t = time.AfterFunc(delay, func() {
			defer pending.Done()
			// This reply is no longer waiting: forget its timer.
			delete(timers, t)
			fmt.Fprintf(conn, "reply to %s\n", msg)
		})
		timers[t] = true
	}
}
