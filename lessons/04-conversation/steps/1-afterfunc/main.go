// Step 1 of lesson 4: the article's delayed-reply server, translated as
// plainly as Go allows. time.AfterFunc is setTimeout: it runs a function
// once the delay has passed. This step has a data race, on purpose.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"time"
)

// ANCHOR: count
// count numbers the replies, across every client, as in the article.
var count = 0

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
			// setTimeout(() => socket.write('server message ' + count++), delay)
			// ANCHOR: reply
			time.AfterFunc(delay, func() {
				fmt.Fprintf(conn, "server message %d", count)
				count++ // each timer runs in a goroutine of its own: a race
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
