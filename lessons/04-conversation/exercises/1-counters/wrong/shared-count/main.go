// Wrong: the count is declared outside serve, so every client's replies
// share it, and the second client's first reply is "server message 1".
//
// Checker: client 2 went on from client 1's count, so the two clients share one count
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

// count numbers the replies.
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
