// Wrong: a plain int counts the clients, and the accept loop and every
// client's goroutine change it, with nothing to order them: a data race.
//
// Checker: the race detector caught
// Checker: a plain int cannot be shared that way
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
	// The clients being served.
	active := 0
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		if active < max {
			active++
			go func() {
				defer func() { active-- }()
				defer conn.Close()
				io.WriteString(conn, "hello\n")
				io.Copy(conn, conn)
			}()
		} else {
			// No room: a new connection's buffer is empty, so the
			// line goes at once, and the loop is not held up.
			io.WriteString(conn, "busy\n")
			conn.Close()
		}
	}
}
