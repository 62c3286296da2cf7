// Wrong: one Read is taken for the whole answer, as if it were one
// 'data' event holding all of it; it returns what has come so far.
//
// Checker: one Read returns what has come so far, not the whole answer.
// Checker: read until Read returns io.EOF
// Checker: your client closed after 1 of the answer's 3 pieces: the next one met a closed socket
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
	// CloseWrite is Node's end(): the server reads EOF, and we can
	// still read. Close would end both directions.
	if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
		return nil, err
	}
	buf := make([]byte, 1024)
	n, err := conn.Read(buf)
	return buf[:n], err
}
