// Wrong: run stops accepting, but returns at once, while the clients it
// serves are still connected: nothing waits for their goroutines.
//
// Checker: run returned while a client it served was still connected
// Checker: count the clients with a sync.WaitGroup
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
	// Closing the listener makes Accept return net.ErrClosed.
	stopAccepting := context.AfterFunc(ctx, func() { ln.Close() })
	defer stopAccepting()
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
