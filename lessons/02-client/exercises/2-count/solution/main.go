// Exercise 2 of lesson 2: count the bytes a connection wrote and read.
//
// This is a solution.
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

// ANCHOR: counted
// counted is a connection that counts the bytes its Writes sent and its
// Reads returned, whether or not the call also failed: a Node socket has
// bytesWritten and bytesRead, a net.Conn no count of its own. Each count
// is what the calls reported as done: the bytes a Write handed to the
// kernel, which sends them as the peer reads, and the bytes a Read
// received.
type counted struct {
	net.Conn
	written, read int64
}

// n first: a Write cut short by its deadline has handed n bytes to the
// kernel all the same, and a Read may return bytes with its error.
func (c *counted) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read += int64(n)
	return n, err
}

func (c *counted) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.written += int64(n)
	return n, err
}

// ANCHOR_END: counted
