// Command tcp-server is lesson 3: an echo server.
//
// The Node version creates a server whose connection listener logs
// "client connected", writes "hello\r\n" and pipes the socket into itself.
// In Go there are no connection events: Accept returns each new connection,
// and we hand it to its own goroutine so that clients are served at once.
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
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	// A FlagSet of our own keeps -h to this program's flags. ExitOnError
	// prints the usage and exits with status 2 on a bad flag.
	flags := flag.NewFlagSet("tcp-server", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:8124", "`address` to listen on: host:port (\":8124\" for every interface) or unix:/path/to.sock")
	addrFile := flags.String("addr-file", "", "once listening, write the bound address to this `file` (handy with port 0)")
	flags.Parse(os.Args[1:])
	if flags.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "tcp-server: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		os.Exit(2)
	}
	if *addr == "unix:" {
		fmt.Fprintln(os.Stderr, "tcp-server: -addr unix: needs the path of the socket, as in unix:/tmp/echo.sock")
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
	ln, err := net.Listen(network(addr))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) && strings.HasPrefix(addr, "unix:") {
			return fmt.Errorf("cannot listen on %s: address already in use (is another server running, or did one leave its socket file behind?)", addr)
		}
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s: address already in use (is another server running?)", addr)
		}
		return fmt.Errorf("cannot listen: %w", err)
	}
	fmt.Println("server bound")
	// ANCHOR_END: listen
	if addrFile != "" {
		if err := writeAddrFile(addrFile, ln.Addr()); err != nil {
			ln.Close()
			return err
		}
	}

	// ANCHOR: stop
	// Accept blocks until a client arrives. Closing the listener is the way
	// to interrupt it: Accept then returns net.ErrClosed.
	context.AfterFunc(ctx, func() { ln.Close() })
	// ANCHOR_END: stop

	// ANCHOR: accept
	var clients sync.WaitGroup
	pause := 5 * time.Millisecond
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			break
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
		// One goroutine per client is Go's answer to Node's event loop: each
		// one blocks on its own socket and never holds up the others.
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
	// On shutdown, closing the connection unblocks the copy below.
	stopWatching := context.AfterFunc(ctx, func() { conn.Close() })
	defer stopWatching()

	fmt.Println("client connected")
	if _, err := io.WriteString(conn, "hello\r\n"); err != nil {
		fmt.Fprintln(os.Stderr, "tcp-server: client error:", err)
		return
	}

	// io.Copy is socket.pipe(socket): it writes back every byte it reads,
	// and returns nil once the client ends its side (Read returns io.EOF).
	_, err := io.Copy(conn, conn)
	switch {
	case err == nil:
		fmt.Println("client disconnected")
	case errors.Is(err, net.ErrClosed):
		// We closed the connection ourselves to shut down.
	default:
		// A reset or a vanished client ends this goroutine only.
		fmt.Fprintln(os.Stderr, "tcp-server: client error:", err)
	}
}

// ANCHOR_END: serve

// network splits -addr into the two arguments of net.Listen:
// "unix:/tmp/echo.sock" is a Unix domain socket, anything else is TCP.
func network(addr string) (string, string) {
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		return "unix", path
	}
	return "tcp", addr
}

// writeAddrFile lets a script that asked for port 0 learn the real port.
// Writing a temporary file and renaming it means a reader never sees half
// an address.
func writeAddrFile(path string, addr net.Addr) error {
	text := addr.String()
	if addr.Network() == "unix" {
		text = "unix:" + text
	}
	if err := os.WriteFile(path+".tmp", []byte(text), 0o644); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}
