// Step 2 of lesson 3: errors stay with the client they belong to. A reset
// is reported, not mistaken for a polite end, and a failed Accept no
// longer stops the server.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8124", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server bound")
	// ANCHOR: accept
	pause := 5 * time.Millisecond
	for {
		conn, err := ln.Accept()
		if err != nil {
			// Out of file descriptors, say: until a client leaves there
			// is nothing to do but wait a little, longer each time.
			fmt.Fprintln(os.Stderr, "accept:", err)
			time.Sleep(pause)
			pause = min(2*pause, time.Second)
			continue
		}
		pause = 5 * time.Millisecond
		go serve(conn)
	}
	// ANCHOR_END: accept
}

// ANCHOR: serve
func serve(conn net.Conn) {
	defer conn.Close()
	fmt.Println("client connected")
	if _, err := io.WriteString(conn, "hello\r\n"); err != nil {
		fmt.Fprintln(os.Stderr, "client error:", err)
		return
	}
	// io.Copy returns nil at io.EOF, the client's end, and an error for
	// anything else, such as a reset.
	if _, err := io.Copy(conn, conn); err != nil {
		fmt.Fprintln(os.Stderr, "client error:", err)
		return
	}
	fmt.Println("client disconnected")
}

// ANCHOR_END: serve
