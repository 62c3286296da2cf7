// Command writegone shows what a late write meets once the client has
// gone: Go reports it on the Write itself, as an error you can test.
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
	fmt.Println("the client ends its side and closes (FIN):")
	client, server := connectedPair()
	client.Close()
	lateReplies(server)

	fmt.Println("the client resets the connection (RST):")
	client, server = connectedPair()
	client.(*net.TCPConn).SetLinger(0) // Close now sends RST, not FIN
	client.Close()
	lateReplies(server)

	fmt.Println("the server has closed the connection itself:")
	client, server = connectedPair()
	defer client.Close()
	server.Close()
	_, err := io.WriteString(server, "server message 0")
	fmt.Println("  late write:", describe(err))
}

// ANCHOR: late
// lateReplies is the reply of a server that answers late: it
// first learns that the client has gone, then writes anyway.
func lateReplies(server net.Conn) {
	defer server.Close()
	_, err := server.Read(make([]byte, 64))
	fmt.Println("  read:", describe(err))
	_, err = io.WriteString(server, "server message 0")
	fmt.Println("  late write:", describe(err))
	if err == nil {
		// The kernel took the bytes and sent them; the client's
		// kernel answered with a reset, which a later Write reports.
		for err == nil {
			_, err = io.WriteString(server, "server message 1")
		}
		fmt.Println("  a later write:", describe(err))
	}
}

// describe names an error by what errors.Is finds in it.
func describe(err error) string {
	switch {
	case err == nil:
		return "no error"
	case errors.Is(err, io.EOF):
		return "io.EOF"
	case errors.Is(err, syscall.ECONNRESET):
		return "ECONNRESET"
	case errors.Is(err, syscall.EPIPE):
		return "EPIPE"
	case errors.Is(err, net.ErrClosed):
		return "net.ErrClosed"
	}
	return err.Error()
}

// ANCHOR_END: late

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
		fmt.Fprintln(os.Stderr, "writegone:", err)
		os.Exit(1)
	}
}
