// Command talk-client is the client half of lesson 4, the delayed-reply
// conversation.
//
// The Node version connects, logs "connect!", writes "initial data", and on
// every 'data' event logs the message and at once writes
// 'client data: ' + count++. It talks for ever; -count makes it stop.
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
	flags := flag.NewFlagSet("talk-client", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:7788", "server `address`: host:port or unix:/path/to.sock")
	count := flags.Int("count", 0, "end the conversation after this many replies (0: talk for ever, like the article)")
	flags.Parse(os.Args[1:])
	if flags.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "talk-client: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		os.Exit(2)
	}
	if err := checkAddr(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "talk-client:", err)
		flags.Usage()
		os.Exit(2)
	}
	if *count < 0 {
		fmt.Fprintln(os.Stderr, "talk-client: -count must not be negative")
		flags.Usage()
		os.Exit(2)
	}

	if err := run(*addr, *count); err != nil {
		fmt.Fprintln(os.Stderr, "talk-client:", err)
		os.Exit(1)
	}
}

func run(addr string, count int) error {
	dialer := net.Dialer{Timeout: 10 * time.Second}
	conn, err := dialer.Dial(network(addr))
	if err != nil {
		if errors.Is(err, syscall.ECONNREFUSED) {
			return fmt.Errorf("cannot connect to %q: connection refused (is the server running?)", addr)
		}
		return fmt.Errorf("cannot connect: %w", err)
	}
	defer conn.Close()
	fmt.Println("connect!")

	if _, err := io.WriteString(conn, "initial data"); err != nil {
		return fmt.Errorf("cannot send: %w", err)
	}

	// ANCHOR: loop
	// The client's own counter needs no lock: only this goroutine
	// uses it.
	received := 0
	ended := false
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if n > 0 && !ended {
			fmt.Printf("data from server received: %s\n", buf[:n])
			received++
			if received == count {
				// Enough: like Node's end(), CloseWrite tells the
				// server we are done, and we read on until it closes
				// its side.
				if err := closeWrite(conn); err != nil {
					return fmt.Errorf("connection lost: %w", err)
				}
				ended = true
			} else if _, err := fmt.Fprintf(conn, "client data: %d", received-1); err != nil {
				return fmt.Errorf("cannot send: %w", err)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("connection lost: %w", err)
		}
	}
	fmt.Println("disconnected from server")
	// ANCHOR_END: loop
	if count > 0 && received < count {
		return fmt.Errorf("the server ended the conversation after %d of %d replies", received, count)
	}
	return nil
}

// network splits -addr into the two arguments of net.Dial:
// "unix:/tmp/talk.sock" is a Unix domain socket, anything else is TCP.
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
			return fmt.Errorf("-addr unix: needs the path of the socket, as in unix:/tmp/talk.sock")
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
