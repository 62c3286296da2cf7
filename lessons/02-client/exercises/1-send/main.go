// Exercise 1 of lesson 2: send a request, say it is complete, and read the
// whole answer. The server answers only once it knows the request is
// complete, and its answer comes in several pieces.
//
// Run it against lesson 2's late-echo demo: go run ./demos/lateecho, then
// go run ./lessons/02-client/exercises/1-send -addr <its address>.
// Check it: make check EX=02/1.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8124", "the server's address")
	flag.Parse()
	answer, err := send(*addr, []byte("hello, server\n"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "send:", err)
		os.Exit(1)
	}
	fmt.Printf("%s", answer)
}

// send connects to addr, sends data, tells the server that it has sent
// all it will, and returns everything the server sends back, until the
// server ends the connection.
func send(addr string, data []byte) ([]byte, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.Write(data); err != nil {
		return nil, err
	}
	// TODO: tell the server you are done, without closing the
	// connection: you still have to read its answer. Then read until the
	// server ends its side, not just once.
	buf := make([]byte, 1024)
	n, err := conn.Read(buf)
	return buf[:n], err
}
