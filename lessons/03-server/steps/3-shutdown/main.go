// Step 3 of lesson 3: Ctrl-C stops the server in order. It stops
// accepting, closes the connections it holds, waits for their goroutines
// and says so, where step 2 just died.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8124", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	// ANCHOR: signal
	// Ctrl-C (SIGINT) or SIGTERM cancels ctx, instead of killing us.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// ANCHOR_END: signal

	// ANCHOR: listen
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server bound")
	// ANCHOR_END: listen
	// ANCHOR: stop
	// Accept blocks until a client comes. Closing the listener is how we
	// interrupt it: Accept then returns net.ErrClosed.
	context.AfterFunc(ctx, func() { ln.Close() })
	// ANCHOR_END: stop

	// ANCHOR: accept
	var clients sync.WaitGroup
	pause := 5 * time.Millisecond
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			break // shutting down
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "accept:", err)
			time.Sleep(pause)
			pause = min(2*pause, time.Second)
			continue
		}
		pause = 5 * time.Millisecond
		clients.Go(func() { serve(ctx, conn) })
	}
	clients.Wait()
	fmt.Println("server closed")
	// ANCHOR_END: accept
}

// ANCHOR: serve
func serve(ctx context.Context, conn net.Conn) {
	defer conn.Close()
	// On shutdown, closing the connection ends the io.Copy below.
	stopWatching := context.AfterFunc(ctx, func() { conn.Close() })
	defer stopWatching()

	fmt.Println("client connected")
	if _, err := io.WriteString(conn, "hello\r\n"); err != nil {
		fmt.Fprintln(os.Stderr, "client error:", err)
		return
	}
	_, err := io.Copy(conn, conn)
	switch {
	case err == nil:
		fmt.Println("client disconnected")
	case errors.Is(err, net.ErrClosed):
		// We closed it ourselves, to shut down.
	default:
		fmt.Fprintln(os.Stderr, "client error:", err)
	}
}

// ANCHOR_END: serve
