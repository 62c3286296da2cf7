// Wrong: the counts add len(p), the room a Read was given and the bytes a
// Write was given, where they should add n, what the call says it moved.
//
// Checker: it counts the room, not the n bytes each Read returned
// Checker: count n, the bytes a call says it moved, not len(p)
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
// Reads returned, whether or not the call also failed: a Node socket has
// bytesWritten and bytesRead, a net.Conn no count of its own. Each count
// is what the calls reported as done: the bytes a Write handed to the
// kernel, which sends them as the peer reads, and the bytes a Read
// received.
type counted struct {
	net.Conn
	written, read int64
}

// len(p): what each call was asked to do.
func (c *counted) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read += int64(len(p))
	return n, err
}

func (c *counted) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.written += int64(len(p))
	return n, err
}
