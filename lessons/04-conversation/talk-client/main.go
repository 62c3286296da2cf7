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
	"os"
)

func main() {
	flags := flag.NewFlagSet("talk-client", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:7788", "server `address`: host:port or unix:/path/to.sock")
	count := flags.Int("count", 0, "end the conversation after this many replies (0: talk for ever, like the article)")
	flags.Parse(os.Args[1:])
	var err error
	switch {
	case flags.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", flags.Arg(0))
	case *count < 0:
		err = errors.New("-count must not be negative")
	default:
		err = checkAddr(*addr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "talk-client:", err)
		flags.Usage()
		os.Exit(2)
	}

	if err := run(*addr, *count); err != nil {
		fmt.Fprintln(os.Stderr, "talk-client:", err)
		os.Exit(1)
	}
}

func run(addr string, count int) error {
	conn, err := dial(addr)
	if err != nil {
		return err
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
