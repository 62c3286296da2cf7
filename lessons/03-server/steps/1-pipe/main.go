// Step 1 of lesson 3: the article's echo server, translated as plainly as
// Go allows: listen, accept, a goroutine per client, io.Copy.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8124", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	// ANCHOR: main
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server bound")
	// ANCHOR: accept
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		// The connection listener, in a goroutine of its own.
		go func() {
			defer conn.Close()
			fmt.Println("client connected")
			io.WriteString(conn, "hello\r\n")
			io.Copy(conn, conn) // c.pipe(c)
			fmt.Println("client disconnected")
		}()
	}
	// ANCHOR_END: accept
	// ANCHOR_END: main
}
