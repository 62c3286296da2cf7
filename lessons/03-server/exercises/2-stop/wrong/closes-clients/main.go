// Wrong: each client's connection is closed when ctx is done, as step 3
// does on Ctrl-C, where the exercise asks to let each client finish.
//
// Checker: a client being served is let finish
// Checker: close the listener only, and leave each client's connection to its goroutine
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
			// As in step 3: closing the connection on shutdown ends
			// the io.Copy below.
			stopWatching := context.AfterFunc(ctx, func() { conn.Close() })
			defer stopWatching()
			io.Copy(conn, conn)
		})
	}
}
