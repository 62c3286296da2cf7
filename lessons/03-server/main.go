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
	"path/filepath"
	"strconv"
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
	if err := checkAddr(*addr); err != nil {
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
		// We closed the connection ourselves to shut down.
	default:
		// A reset or a vanished client ends this goroutine only.
		fmt.Fprintln(os.Stderr, "tcp-server: client error:", reason(err))
	}
}

// ANCHOR_END: serve

// ANCHOR: echo
// echo is socket.pipe(socket): it writes back every byte it reads,
// and returns nil once the client ends its side (io.EOF).
//
// io.Copy(conn, conn) would do it in one line, but between two
// sockets Go moves the bytes with splice(2), through a pipe: two
// more descriptors for each client, which a pool keeps after the
// client has left, until a garbage collection empties it. A buffer
// of our own costs 32 KiB of memory and no descriptor.
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

// checkAddr tells a mistyped -addr from an address that is taken, before
// we try to listen: host:port with a numeric port, or unix: and a path.
func checkAddr(addr string) error {
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		if path == "" {
			return fmt.Errorf("-addr unix: needs the path of the socket, as in unix:/tmp/echo.sock")
		}
		return nil
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return fmt.Errorf("-addr %q is not host:port or unix:/path", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("-addr %q: the port must be a number from 0 to 65535", addr)
	}
	return nil
}

// ANCHOR: listen
// listen is net.Listen, with errors that say what is in the way.
func listen(addr string) (net.Listener, error) {
	network, address := network(addr)
	ln, err := net.Listen(network, address)
	switch {
	case err == nil:
		return ln, nil
	case !errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("cannot listen: %w", err)
	case network == "tcp":
		return nil, fmt.Errorf("cannot listen on %s: address already in use (is another server running?)", addr)
	}
	// A Unix socket is a file, and something already has its name.
	// Stat follows a symbolic link, to say what it leads to.
	info, statErr := os.Stat(address)
	switch {
	case statErr != nil:
		return nil, fmt.Errorf("cannot listen: %w", err)
	case info.IsDir():
		return nil, fmt.Errorf("cannot listen on %s: %s is a directory; give the path of a socket to create, such as %s", addr, address, filepath.Join(address, "echo.sock"))
	case info.Mode()&os.ModeSocket == 0:
		return nil, fmt.Errorf("cannot listen on %s: %s is a file, not a socket; choose another path", addr, address)
	}
	// A socket file: a server may be listening on it, or one that was
	// killed left it behind. We could knock to find out, but the knock
	// would be a client to a live server. The user knows which it is.
	return nil, fmt.Errorf("cannot listen on %s: a socket file is in the way; if no server is running there (a killed one leaves its file behind), remove it: rm %s", addr, shellQuote(address))
}

// ANCHOR_END: listen

// reason is what went wrong with a client's connection, in the words of
// the system call that failed ("connection reset by peer"), without the
// layers of io.Copy and net around it.
func reason(err error) string {
	var sysErr *os.SyscallError
	if errors.As(err, &sysErr) {
		return sysErr.Err.Error()
	}
	return err.Error()
}

// shellQuote writes a path so that a shell reads it back as it is.
func shellQuote(path string) string {
	if strings.Trim(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") == "" {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}
