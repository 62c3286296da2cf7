// Wrong: a send into a full channel does not fail, it waits for room, and
// the accept loop with it: a client beyond max reads nothing, not "busy\n",
// until another leaves.
//
// Checker: the server waited for a place instead of answering
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
	// A channel with room for max: a client takes a slot to be served,
	// and gives it back when it leaves.
	slots := make(chan struct{}, max)
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		// Take a slot; with none left, this fails.
		slots <- struct{}{}
		go func() {
			defer func() { <-slots }()
			defer conn.Close()
			io.WriteString(conn, "hello\n")
			io.Copy(conn, conn)
		}()
	}
}
