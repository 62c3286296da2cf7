// Wrong: strings.ToUpper turns é into É as well, where only a to z
// should become capitals.
//
// Checker: that is what bytes.ToUpper and strings.ToUpper do
// Checker: turn a to z into capitals yourself, byte by byte
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
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
			if _, err := io.WriteString(conn, strings.ToUpper(string(buf[:n]))); err != nil {
				return
			}
		}
		if err != nil {
			return // io.EOF: the client has ended its side
		}
	}
}
