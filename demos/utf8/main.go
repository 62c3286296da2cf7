// Command utf8 shows a Read that ends in the middle of a UTF-8 character,
// and bufio.Reader putting the character back together.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
)

func main() {
	e := []byte("é") // two bytes in UTF-8: c3 a9

	// ANCHOR: read
	// The peer sends the two bytes one at a time; each Read sees one.
	conn, peer := connectedPair()
	buf := make([]byte, 64)
	peer.Write(e[:1])
	n, _ := conn.Read(buf)
	first := string(buf[:n])
	peer.Write(e[1:])
	n, _ = conn.Read(buf)
	fmt.Printf("each Read as a string: %q then %q\n", first, buf[:n])
	// ANCHOR_END: read

	// ANCHOR: rune
	// bufio.Reader reads as many bytes as a character needs.
	conn, peer = connectedPair()
	reader := bufio.NewReader(conn)
	peer.Write(e[:1])
	go peer.Write(e[1:])
	r, size, _ := reader.ReadRune()
	fmt.Printf("bufio.Reader.ReadRune: %q, %d bytes\n", r, size)
	// ANCHOR_END: rune
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
		fmt.Fprintln(os.Stderr, "utf8:", err)
		os.Exit(1)
	}
}
