// Wrong: a plain int counts the clients, changed by their goroutines and
// read by run with nothing to order the two: a race.
//
// Checker: the race detector caught
// Checker: run and the clients' goroutines must not share a plain count
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"time"
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
	// The clients still connected: one more at each Accept, one fewer
	// when a client's goroutine ends.
	open := 0
	for {
		conn, err := ln.Accept()
		if err != nil {
			break
		}
		open++
		go func() {
			defer conn.Close()
			io.Copy(conn, conn)
			open--
		}()
	}
	for open > 0 {
		time.Sleep(10 * time.Millisecond)
	}
}
