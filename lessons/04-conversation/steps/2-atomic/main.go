// Step 2 of lesson 4: the shared counter is an atomic.Int64, so the timers
// of every client can number their replies at the same time, safely. And
// the late write's error is printed, not dropped, to see what becomes of a
// reply whose client has gone.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"sync/atomic"
	"time"
)

// ANCHOR: count
// count numbers the replies, across every client. Add is one indivisible
// step: read, add one, write back.
var count atomic.Int64

// ANCHOR_END: count

func main() {
	addr := flag.String("addr", "127.0.0.1:7788", "address to listen on")
	delay := flag.Duration("delay", 2*time.Second, "how long before each reply")
	flag.Parse()
	log.SetFlags(0)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server bound")
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(conn, *delay)
	}
}

// ANCHOR: serve
func serve(conn net.Conn, delay time.Duration) {
	defer conn.Close()
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			fmt.Printf("message from client received: %s\n", buf[:n])
			// ANCHOR: reply
			time.AfterFunc(delay, func() {
				_, err := fmt.Fprintf(conn, "server message %d", count.Add(1)-1)
				if err != nil {
					fmt.Fprintln(os.Stderr, "socket error:", err)
				}
			})
			// ANCHOR_END: reply
		}
		if err != nil {
			fmt.Println("client disconnected")
			return
		}
	}
}

// ANCHOR_END: serve
