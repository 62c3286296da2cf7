// Step 3 of lesson 4: when a client leaves, its pending replies are
// stopped, as Node's clearTimeout would, so a reply still waiting is
// neither sent nor numbered.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// count numbers the replies, across every client.
var count atomic.Int64

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
	// The pending timers of this client. Their functions run in goroutines
	// of their own, so the set needs a lock.
	var mu sync.Mutex
	timers := map[*time.Timer]bool{}
	defer func() {
		mu.Lock()
		for t := range timers {
			t.Stop() // clearTimeout
		}
		clear(timers)
		mu.Unlock()
		conn.Close()
	}()

	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			fmt.Printf("message from client received: %s\n", buf[:n])
			// We hold the lock until t is set and in the map: with a short
			// delay the timer could fire first, and its function must
			// find t there to remove it.
			mu.Lock()
			var t *time.Timer
			t = time.AfterFunc(delay, func() {
				// Stop cannot stop a function that has started, so the
				// function checks for itself that its client is still here.
				mu.Lock()
				pending := timers[t]
				delete(timers, t)
				mu.Unlock()
				if !pending {
					return
				}
				_, err := fmt.Fprintf(conn, "server message %d", count.Add(1)-1)
				if err != nil {
					fmt.Fprintln(os.Stderr, "socket error:", err)
				}
			})
			timers[t] = true
			mu.Unlock()
		}
		if err != nil {
			fmt.Println("client disconnected")
			return
		}
	}
}

// ANCHOR_END: serve
