// Wrong: Close tells the server the request is complete, but it ends
// both directions, and the answer can no longer be read.
//
// Checker: Close ends both directions: you can no longer read.
// Checker: CloseWrite ends your side only, and you can still read the answer
// Checker: your client closed before the answer came: the server's answer met a closed socket
package main

import (
	"flag"
	"fmt"
	"io"
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
	if _, err := conn.Write(data); err != nil {
		conn.Close()
		return nil, err
	}
	// The server answers once the request ends: end it, as Node's
	// socket.end() would.
	conn.Close()
	// The answer may come in any number of Reads: read to the end.
	return io.ReadAll(conn)
}
