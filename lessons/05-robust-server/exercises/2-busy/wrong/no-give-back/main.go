// Wrong: a client takes a place, and never gives it back when it leaves:
// once max clients have come, every client after them reads "busy\n".
//
// Checker: new clients still read "busy\n" two seconds later
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
	// A channel with room for max: a client takes a slot to be served.
	slots := make(chan struct{}, max)
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		select {
		case slots <- struct{}{}:
			go func() {
				defer conn.Close()
				io.WriteString(conn, "hello\n")
				io.Copy(conn, conn)
			}()
		default:
			// No room: a new connection's buffer is empty, so the
			// line goes at once, and the loop is not held up.
			io.WriteString(conn, "busy\n")
			conn.Close()
		}
	}
}
