// Command tcp-server is lesson 3: an echo server.
//
// The Node version creates a server whose connection listener logs
// "client connected", writes "hello\r\n" and pipes the socket into itself.
// In Go there are no connection events: Accept returns each new connection,
// and we hand it to its own goroutine so that clients are served at once.
//
// This is step 3 of the lesson, with flags and errors for people; addr.go
// holds the plumbing of the address.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	// A FlagSet of our own keeps -h to this program's flags.
	flags := flag.NewFlagSet("tcp-server", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:8124", "`address` to listen on: host:port (\":8124\" for every interface) or unix:/path/to.sock")
	addrFile := flags.String("addr-file", "", "once listening, write the bound address to this `file` (handy with port 0)")
	flags.Parse(os.Args[1:])
	err := checkAddr(*addr)
	if flags.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q", flags.Arg(0))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tcp-server:", err)
		flags.Usage()
		os.Exit(2)
	}

	if err := run(*addr, *addrFile); err != nil {
		fmt.Fprintln(os.Stderr, "tcp-server:", err)
		os.Exit(1)
	}
}

func run(addr, addrFile string) error {
	// ANCHOR: signal
	// Ctrl-C (SIGINT) or SIGTERM cancels ctx, instead of killing us.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// ANCHOR_END: signal

	// ANCHOR: listen
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	fmt.Println("server bound")
	if addrFile != "" {
		if err := writeAddrFile(addrFile, ln.Addr()); err != nil {
			ln.Close()
			return err
		}
	}
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
			// Out of file descriptors, for one: until some client leaves
			// there is nothing to do but wait a little, longer each time.
			fmt.Fprintln(os.Stderr, "tcp-server: accept:", err)
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
	return nil
}

// ANCHOR: serve
// serve is the body of Node's connection listener.
func serve(ctx context.Context, conn net.Conn) {
	defer conn.Close()
	// On shutdown, closing the connection ends the copy below.
	stopWatching := context.AfterFunc(ctx, func() { conn.Close() })
	defer stopWatching()

	fmt.Println("client connected")
	if _, err := io.WriteString(conn, "hello\r\n"); err != nil {
		fmt.Fprintln(os.Stderr, "tcp-server: client error:", reason(err))
		return
	}
	err := echo(conn)
	switch {
	case err == nil:
		fmt.Println("client disconnected")
	case errors.Is(err, net.ErrClosed):
		// We closed it ourselves, to shut down.
	default:
		// A reset or a vanished client ends this goroutine only.
		fmt.Fprintln(os.Stderr, "tcp-server: client error:", reason(err))
	}
}

// ANCHOR_END: serve

// ANCHOR: echo
// echo is socket.pipe(socket): it writes back every byte it reads, and
// returns nil once the client ends its side (io.EOF). It copies through
// a buffer of its own, where io.Copy would hold a pipe, two descriptors
// more, for each client.
func echo(conn net.Conn) error {
	buf := make([]byte, 32<<10)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			if _, err := conn.Write(buf[:n]); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// ANCHOR_END: echo
