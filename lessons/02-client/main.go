// Command tcp-client is lesson 2: a client for the echo server of lesson 3.
//
// The Node version passes a 'connect' listener to net.connect, writes
// "world!\r\n", logs every 'data' event, calls end() after the first one and
// logs "disconnected from server" on 'end'. In Go each of those callbacks
// becomes a plain call that returns: Dial, Write, Read, CloseWrite.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	flags := flag.NewFlagSet("tcp-client", flag.ExitOnError)
	addr := flags.String("addr", "localhost:8124", "server `address`: host:port or unix:/path/to.sock")
	chunks := flags.Bool("chunks", false, "show each chunk Read returns, quoted, instead of the plain text")
	flags.Parse(os.Args[1:])
	if flags.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "tcp-client: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		os.Exit(2)
	}
	if err := checkAddr(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "tcp-client:", err)
		flags.Usage()
		os.Exit(2)
	}

	if err := run(*addr, *chunks); err != nil {
		fmt.Fprintln(os.Stderr, "tcp-client:", err)
		os.Exit(1)
	}
}

func run(addr string, chunks bool) error {
	// ANCHOR: dial
	// Dial returns once the connection is up: Node's 'connect'.
	// The timeout is for a host that never answers.
	dialer := net.Dialer{Timeout: 10 * time.Second}
	conn, err := dialer.Dial(network(addr))
	if err != nil {
		if errors.Is(err, syscall.ECONNREFUSED) {
			return fmt.Errorf("cannot connect to %q: connection refused (is the server running?)", addr)
		}
		return fmt.Errorf("cannot connect: %w", err)
	}
	defer conn.Close()
	fmt.Println("connected to server!")

	if _, err := io.WriteString(conn, "world!\r\n"); err != nil {
		return fmt.Errorf("cannot send: %w", err)
	}
	// ANCHOR_END: dial

	// ANCHOR: read
	// Each Read is one 'data' event. TCP is a byte stream, so how the
	// server's two writes ("hello" and the echo of "world!") are cut into
	// chunks is up to the network: maybe one chunk, maybe two.
	buf := make([]byte, 4096)
	ended := false
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			printChunk(buf[:n], chunks)
			if !ended {
				// CloseWrite is Node's end(): it sends FIN, so the server
				// reads EOF, while we can still read what it sends back.
				if err := closeWrite(conn); err != nil {
					return fmt.Errorf("connection lost: %w", err)
				}
				ended = true
			}
		}
		if err == io.EOF {
			// The server closed its side: Node's 'end' event.
			break
		}
		if err != nil {
			return fmt.Errorf("connection lost: %w", err)
		}
	}
	fmt.Println("disconnected from server")
	// ANCHOR_END: read
	return nil
}

// printChunk prints what one Read returned. Plain text drops the "\r" of
// each "\r\n", so the output is the same however the bytes were chunked;
// with -chunks we show every chunk as Go quotes it, to see the cut.
func printChunk(chunk []byte, quoted bool) {
	if quoted {
		fmt.Printf("chunk of %d bytes: %q\n", len(chunk), chunk)
		return
	}
	fmt.Print(strings.ReplaceAll(string(chunk), "\r", ""))
}

// network splits -addr into the two arguments of net.Dial:
// "unix:/tmp/echo.sock" is a Unix domain socket, anything else is TCP.
func network(addr string) (string, string) {
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		return "unix", path
	}
	return "tcp", addr
}

// closeWrite is Node's end(): it sends FIN, and we can still read. The
// net.Conn interface does not promise a CloseWrite method; *net.TCPConn and
// *net.UnixConn have one, so we ask for it rather than assume it.
func closeWrite(conn net.Conn) error {
	cw, ok := conn.(interface{ CloseWrite() error })
	if !ok {
		return fmt.Errorf("a %T cannot end only its writing side", conn)
	}
	return cw.CloseWrite()
}

// checkAddr tells a mistyped -addr from a server that is not there, before
// we try to reach it: host:port with a numeric port, or unix: and a path.
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
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("-addr %q: the port must be a number from 1 to 65535", addr)
	}
	return nil
}
