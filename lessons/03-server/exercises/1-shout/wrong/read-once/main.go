// Wrong: serve reads once and returns, as if each client sent one
// message; the connection is closed while the client still talks.
//
// Checker: the server had ended the connection after its first answer
// Checker: serve loops: Read, shout, Write
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
	// One Read, taken for the client's message.
	n, _ := conn.Read(buf)
	conn.Write(shout(buf[:n]))
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
