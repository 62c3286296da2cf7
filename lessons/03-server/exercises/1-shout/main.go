// Exercise 1 of lesson 3: an echo server that shouts back what it hears, to every client at once.
//
// Run it: go run ./lessons/03-server/exercises/1-shout, then from two
// other terminals nc 127.0.0.1 8124. Check it: make check EX=03/1.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8124", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "shout:", err)
		os.Exit(1)
	}
	fmt.Println("listening on", ln.Addr())
	fmt.Fprintln(os.Stderr, "shout:", run(ln))
}

// run serves each client that connects, until the listener is closed;
// then it returns Accept's error.
func run(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		// TODO: a client that stays connected must not keep the
		// others waiting.
		serve(conn)
	}
}

// serve sends back what the client sends, in upper case, until the
// client ends its side.
func serve(conn net.Conn) {
	defer conn.Close()
	// TODO: letters a to z come back as A to Z, every other byte as it
	// came.
	io.Copy(conn, conn)
}
