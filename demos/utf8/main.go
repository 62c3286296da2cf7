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
	// The peer sends the bytes one at a time: a Read for each.
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
	// bufio.Reader reads as many bytes as a character needs. Here the
	// second byte is sent only once its first Read has returned the first.
	conn, peer = connectedPair()
	reads := make(chan int)
	reader := bufio.NewReader(reported{conn, reads})
	got := make(chan rune)
	go func() {
		r, _, _ := reader.ReadRune()
		got <- r
	}()
	peer.Write(e[:1])
	n1 := <-reads
	peer.Write(e[1:])
	n2 := <-reads
	fmt.Printf("bufio.Reader.ReadRune: %q, from Reads of %d and %d bytes\n", <-got, n1, n2)
	// ANCHOR_END: rune
}

// reported is a Reader that reports how many bytes each Read returned.
type reported struct {
	conn  net.Conn
	reads chan<- int
}

func (r reported) Read(p []byte) (int, error) {
	n, err := r.conn.Read(p)
	r.reads <- n
	return n, err
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
