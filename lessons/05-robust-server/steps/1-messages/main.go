// Step 1 of lesson 5: lesson 3's echo server, seen as the article sees
// its 'data' events: each Read is taken for a message, logged, and
// echoed. It works while clients send short messages one at a time.
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
	addr := flag.String("addr", "127.0.0.1:8128", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server bound")
	pause := 5 * time.Millisecond
	for {
		conn, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "accept:", err)
			time.Sleep(pause)
			pause = min(2*pause, time.Second)
			continue
		}
		pause = 5 * time.Millisecond
		go serve(conn)
	}
}

// ANCHOR: serve
func serve(conn net.Conn) {
	defer conn.Close()
	fmt.Println("client connected")
	if _, err := io.WriteString(conn, "hello\r\n"); err != nil {
		fmt.Fprintln(os.Stderr, "client error:", err)
		return
	}
	buf := make([]byte, 32<<10)
	for {
		// Node's 'data' event hands over what one read returned: so
		// does Read. %q shows a client's bytes without obeying them.
		n, err := conn.Read(buf)
		if n > 0 {
			fmt.Printf("message: %q\n", buf[:n])
			if _, err := conn.Write(buf[:n]); err != nil {
				fmt.Fprintln(os.Stderr, "client error:", err)
				return
			}
		}
		if err == io.EOF {
			fmt.Println("client disconnected")
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "client error:", err)
			return
		}
	}
}

// ANCHOR_END: serve
