// Wrong: Read counts its bytes only when it did not fail, and a Read may
// return its last bytes with io.EOF.
//
// Checker: the last ones by a Read that returned them with io.EOF
// Checker: in Read, add n to the count before you look at err
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

// n first in Write, which may be cut short by its deadline; a Read that
// fails is taken to have read nothing.
func (c *counted) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err == nil {
		c.read += int64(n)
	}
	return n, err
}

func (c *counted) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.written += int64(n)
	return n, err
}
