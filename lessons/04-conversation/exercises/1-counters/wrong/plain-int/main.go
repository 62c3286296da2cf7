// Wrong: the client's count is a plain int, which its replies change from
// goroutines of their own, two at once when two replies are due together,
// with nothing to order the two: a data race.
//
// Checker: the race detector caught
// Checker: a plain int cannot be shared that way
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

// serve answers each message of a client with "server message N", delay
// after it came, N counting that client's replies from 0.
func serve(conn net.Conn, delay time.Duration) {
	defer conn.Close()
	// The count is this client's: each call of serve has its own.
	count := 0
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
			fmt.Fprintf(conn, "server message %d", count)
			count++
		})
	}
}
