// Wrong: the timers are stopped, but a stopped reply never runs, so never
// calls pending.Done(), and pending.Wait() waits for ever: serve never
// returns, nor closes the connection.
//
// Checker: serve had not returned, nor closed the connection
// Checker: or pending.Wait() waits for ever
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
		// Stop each reply still waiting, as clearTimeout would. One
		// that has started is finishing: Wait waits for it, before the
		// Close.
		for _, t := range timers {
			t.Stop()
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
