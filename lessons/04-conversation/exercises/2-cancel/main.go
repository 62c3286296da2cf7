// Exercise 2 of lesson 4: when a client leaves, its replies still waiting are not sent.
//
// Run it: go run ./lessons/04-conversation/exercises/2-cancel, then send
// a few messages and leave at once: (printf 'one'; sleep 0.1; printf 'two')
// | nc -q0 127.0.0.1 7788. Check it: make check EX=04/2.
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
	// TODO: this waits for every reply, and sends them all, before the
	// Close: stop the timers of those still waiting instead.
	defer pending.Wait()
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		msg := string(buf[:n])
		pending.Add(1)
		time.AfterFunc(delay, func() {
			defer pending.Done()
			fmt.Fprintf(conn, "reply to %s\n", msg)
		})
	}
}
