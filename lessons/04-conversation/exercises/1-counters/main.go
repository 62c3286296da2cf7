// Exercise 1 of lesson 4: number each client's replies on their own, from 0.
//
// Run it: go run ./lessons/04-conversation/exercises/1-counters, then
// go run ./lessons/04-conversation/talk-client from two terminals. Check
// it: make check EX=04/1.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7788", "address to listen on")
	delay := flag.Duration("delay", 2*time.Second, "how long before each reply")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "counters:", err)
		os.Exit(1)
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "counters:", err)
			os.Exit(1)
		}
		go serve(conn, *delay)
	}
}

// TODO: one count for every client: the second client's first reply
// is not "server message 0".
var count atomic.Int64

// serve answers each message of a client with "server message N", delay
// after it came, N counting that client's replies from 0.
func serve(conn net.Conn, delay time.Duration) {
	defer conn.Close()
	var pending sync.WaitGroup
	defer pending.Wait() // before the Close: no reply after it
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		fmt.Printf("message from client received: %q\n", buf[:n])
		pending.Add(1)
		time.AfterFunc(delay, func() {
			defer pending.Done()
			fmt.Fprintf(conn, "server message %d", count.Add(1)-1)
		})
	}
}
