// Wrong: pending.Done() is called for every timer, also for a reply that
// has run and called Done itself: the WaitGroup's count goes below zero,
// and serve panics.
//
// Checker: serve panicked with "sync: negative WaitGroup counter"
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
	var timers []*time.Timer // only this goroutine touches it
	defer func() {
		// A stopped reply never runs, so its Done is ours to call.
		for _, t := range timers {
			t.Stop()
			pending.Done()
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
		timers = append(timers, time.AfterFunc(delay, func() {
			defer pending.Done()
			fmt.Fprintf(conn, "reply to %s\n", msg)
		}))
	}
}
