// Exercise 2 of lesson 2: count the bytes a connection wrote and read, by what each call reports.
//
// Run it against the echo server of lesson 3: go run ./lessons/03-server,
// then go run ./lessons/02-client/exercises/2-count. Check it: make check
// EX=02/2.
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
	conn, err := net.Dial("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "count:", err)
		os.Exit(1)
	}
	c := &counted{Conn: conn}
	defer c.Close()
	io.WriteString(c, "world!\r\n")
	c.Conn.(*net.TCPConn).CloseWrite()
	io.Copy(io.Discard, c)
	fmt.Printf("bytes written: %d, bytes read: %d\n", c.written, c.read)
}

// counted is a connection that counts the bytes its Writes sent and its
// Reads returned, whether or not the call also failed.
type counted struct {
	net.Conn
	written, read int64
}

// TODO: Read and Write may return bytes and an error at once: here
// those bytes are not counted, in either of them.
func (c *counted) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err == nil {
		c.read += int64(n)
	}
	return n, err
}

func (c *counted) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if err == nil {
		c.written += int64(n)
	}
	return n, err
}
