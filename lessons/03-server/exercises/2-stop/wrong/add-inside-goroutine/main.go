// Wrong: clients.Add(1) runs inside the goroutine it counts, so
// clients.Wait can return before that goroutine has even started.
//
// Checker: go vet
// Checker: WaitGroup.Add called from inside new goroutine
// Checker: let clients.Go(func() { ... }) start each client's goroutine
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
		go func() {
			clients.Add(1)
			defer clients.Done()
			defer conn.Close()
			io.Copy(conn, conn)
		}()
	}
}
