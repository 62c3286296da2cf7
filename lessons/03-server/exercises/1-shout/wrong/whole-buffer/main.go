// Wrong: each answer is the whole 32 KiB buffer, where only the n bytes
// the Read put in it are the client's; the rest is zeros, or older bytes.
//
// Checker: those beyond them not its own
// Checker: write back buf[:n]
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8124", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "shout:", err)
		os.Exit(1)
	}
	fmt.Println("listening on", ln.Addr())
	fmt.Fprintln(os.Stderr, "shout:", run(ln))
}

// run serves each client that connects, until the listener is closed;
// then it returns Accept's error.
func run(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		// A goroutine each: serve waits in Read for as long as its
		// client stays, and the loop goes back to Accept at once.
		go serve(conn)
	}
}

// serve sends back what the client sends, in upper case, until the
// client ends its side.
func serve(conn net.Conn) {
	defer conn.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			shout(buf[:n])
			if _, err := conn.Write(buf); err != nil {
				return
			}
		}
		if err != nil {
			return // io.EOF: the client has ended its side
		}
	}
}

// shout turns a to z into A to Z, in place, byte by byte: every other
// byte, é's two among them, comes back as it came. Byte by byte, a piece
// that ends in the middle of a character is no trouble.
func shout(p []byte) []byte {
	for i, b := range p {
		if 'a' <= b && b <= 'z' {
			p[i] = b - 'a' + 'A'
		}
	}
	return p
}
