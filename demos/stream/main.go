// Command stream shows that TCP carries bytes, not messages: one Read can
// return several writes run together, and one write can take several
// Reads.
package main

import (
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	conn, peer := connectedPair()

	// ANCHOR: merged
	// Three writes, and only then do we read: one Read returns
	// them all.
	for _, word := range []string{"one", "two", "three"} {
		io.WriteString(conn, word)
	}
	buf := make([]byte, 1<<20)
	n, _ := peer.Read(buf)
	fmt.Printf("three writes, then one Read: %q\n", buf[:n])
	// ANCHOR_END: merged

	// ANCHOR: split
	// One write of 1 MiB, read as it arrives into a buffer that
	// could hold it all.
	go func() {
		conn.Write(make([]byte, 1<<20))
		conn.Close()
	}()
	reads, total := 0, 0
	for {
		n, err := peer.Read(buf)
		if err != nil { // io.EOF once the writer has closed
			break
		}
		reads, total = reads+1, total+n
	}
	fmt.Printf("one write of %d bytes took more than one Read: %t\n", total, reads > 1)
	// ANCHOR_END: split
}

// connectedPair returns both ends of a fresh loopback TCP connection.
func connectedPair() (net.Conn, net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	peer, err := ln.Accept()
	check(err)
	return conn, peer
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "stream:", err)
		os.Exit(1)
	}
}
