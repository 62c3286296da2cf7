// Wrong: the read loop returns io.EOF as an error, though it is how
// Read says the server has ended its side: the normal end of the answer.
//
// Checker: the normal end of the answer, not an error to return
// Checker: io.EOF is the end of the answer, not a failure
// Checker: your client sent FIN (CloseWrite) before reading the answer: good.
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
	// The answer may come in any number of Reads: read to the end.
	var answer []byte
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		answer = append(answer, buf[:n]...)
		if err != nil {
			return answer, err
		}
	}
}
