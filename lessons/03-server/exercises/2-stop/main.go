// Exercise 2 of lesson 3: stop in order, letting each client finish.
//
// Run it: go run ./lessons/03-server/exercises/2-stop, connect with nc
// 127.0.0.1 8124, and press Ctrl-C in the server's terminal: it should wait
// for nc to end its side. Check it: make check EX=03/2.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8124", "address to listen on")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "stop:", err)
		os.Exit(1)
	}
	run(ctx, ln)
	fmt.Println("server closed")
}

// run echoes for every client that connects, each in a goroutine of its
// own. When ctx is cancelled it stops accepting, and returns once every
// client it serves has ended its side.
func run(ctx context.Context, ln net.Listener) {
	// TODO: nothing here listens to ctx: Accept waits for ever. Close the
	// listener when ctx is done, and wait for the clients before you
	// return.
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer conn.Close()
			io.Copy(conn, conn)
		}()
	}
}
