// Wrong: the answer is read as if it were an echo of the request, into a
// buffer as long as the request. The answer is longer: its first piece
// does not fit, and Close finds bytes still unread, which it throws away
// with a RST instead of a FIN.
//
// Checker: your client closed with RST: Close with bytes unread (4 of the 18 that had come)
// Checker: one Read returns what has come so far, not the whole answer.
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
	// An echo server sends back what it was sent: as many bytes.
	buf := make([]byte, len(data))
	n, err := conn.Read(buf)
	return buf[:n], err
}
