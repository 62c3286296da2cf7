// Exercise 2 of lesson 5: serve so many clients at once, and tell the next ones so.
//
// Run it: go run ./lessons/05-robust-server/exercises/2-busy -max 2, then
// nc 127.0.0.1 8128 from three terminals. Check it: make check EX=05/2.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8128", "address to listen on")
	max := flag.Int("max", 100, "clients served at once")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "busy:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "busy:", run(ln, *max))
}

// run echoes for up to max clients at once, each in a goroutine of its
// own. A client beyond that reads "busy\n", and its connection is closed;
// once a client leaves, the next one is served. run returns Accept's
// error when the listener is closed.
func run(ln net.Listener, max int) error {
	// TODO: count the clients being served, and turn away the ones
	// beyond max.
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			io.WriteString(conn, "hello\n")
			io.Copy(conn, conn)
		}()
	}
}
