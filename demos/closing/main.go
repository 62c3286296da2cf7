// Command closing shows how a closed connection looks from Go: the peer's
// end is io.EOF, its reset is ECONNRESET, and a connection we closed
// ourselves says net.ErrClosed. In every case, closing is up to us.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
)

func main() {
	demo("the peer ends (FIN)", func(client, server net.Conn) { client.Close() })
	demo("the peer resets (RST)", func(client, server net.Conn) {
		client.(*net.TCPConn).SetLinger(0) // Close now sends RST
		client.Close()
	})
	demo("we call Close", func(client, server net.Conn) { server.Close() })
}

// ANCHOR: read
func demo(what string, act func(client, server net.Conn)) {
	client, server := connectedPair()
	act(client, server)
	_, err := server.Read(make([]byte, 64))
	fmt.Printf("%s: Read returned %s\n", what, describe(err))
	// Whatever Read said, the socket is ours to close.
	server.Close()
}

func describe(err error) string {
	switch {
	case errors.Is(err, io.EOF):
		return "io.EOF"
	case errors.Is(err, syscall.ECONNRESET):
		return "an error, errors.Is(err, syscall.ECONNRESET)"
	case errors.Is(err, net.ErrClosed):
		return "an error, errors.Is(err, net.ErrClosed)"
	}
	return fmt.Sprint(err)
}

// ANCHOR_END: read

// connectedPair returns both ends of a fresh loopback TCP connection.
func connectedPair() (net.Conn, net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	server, err := ln.Accept()
	check(err)
	return client, server
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "closing:", err)
		os.Exit(1)
	}
}
