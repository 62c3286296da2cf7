// Exercise 2 of lesson 3: stop in order, letting each client finish.
//
// This is a solution.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
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

// ANCHOR: run
// run echoes for every client that connects, each in a goroutine of its
// own. When ctx is cancelled it stops accepting, and returns once every
// client it serves has ended its side.
func run(ctx context.Context, ln net.Listener) {
	// Closing the listener makes Accept return net.ErrClosed.
	stopAccepting := context.AfterFunc(ctx, func() { ln.Close() })
	defer stopAccepting()
	var clients sync.WaitGroup
	defer clients.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		clients.Go(func() {
			defer conn.Close()
			io.Copy(conn, conn)
		})
	}
}

// ANCHOR_END: run
