// Command tcp-client is lesson 2: a client for the echo server of lesson 3.
//
// The Node version passes a 'connect' listener to net.connect, writes
// "world!\r\n", logs every 'data' event, calls end() after the first one and
// logs "disconnected from server" on 'end'. In Go each of those callbacks
// becomes a plain call that returns: Dial, Write, Read, CloseWrite.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	flags := flag.NewFlagSet("tcp-client", flag.ExitOnError)
	addr := flags.String("addr", "localhost:8124", "server `address`: host:port or unix:/path/to.sock")
	chunks := flags.Bool("chunks", false, "show each chunk Read returns, quoted, instead of the plain text")
	flags.Parse(os.Args[1:])
	err := checkAddr(*addr)
	if flags.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q", flags.Arg(0))
	}
	if err != nil {
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
	// dial returns once the connection is up: Node's 'connect'.
	conn, err := dial(addr)
	if err != nil {
		return err
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
	ended, lineOpen := false, false
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			lineOpen = printChunk(buf[:n], chunks)
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
	if lineOpen {
		fmt.Println() // the server's last words did not end their line
	}
	fmt.Println("disconnected from server")
	// ANCHOR_END: read
	return nil
}

// printChunk prints what one Read returned. Plain text drops the "\r" of
// each "\r\n", so the output is the same however the bytes were chunked;
// with -chunks we show every chunk as Go quotes it, to see the cut. It
// reports whether it left a line unended: a server need not end what it
// sends with "\n" (lesson 4's does not), and our next line must not run
// on from it.
func printChunk(chunk []byte, quoted bool) (lineOpen bool) {
	if quoted {
		fmt.Printf("chunk of %d bytes: %q\n", len(chunk), chunk)
		return false
	}
	fmt.Print(strings.ReplaceAll(string(chunk), "\r", ""))
	return chunk[len(chunk)-1] != '\n'
}
