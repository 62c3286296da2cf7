// Command lastword shows why a server that closes a connection with the
// client's bytes unread should end its side first. Close with bytes
// unread sends a reset: the client reads the server's last line, then an
// error where it expected the end. CloseWrite sends the end, and reading
// until the client closes leaves nothing unread.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

func main() {
	flags := flag.NewFlagSet("lastword", flag.ExitOnError)
	ending := flags.String("ending", "both", "the ending to show: close, closewrite or both (one connection each, as wire captures them)")
	flags.Parse(os.Args[1:])
	if *ending != "both" && *ending != "close" && *ending != "closewrite" {
		fmt.Fprintf(os.Stderr, "lastword: -ending %s: give close, closewrite or both\n", *ending)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	if *ending != "closewrite" {
		demo(ln, "Close with the client's bytes unread", closeNow)
	}
	if *ending != "close" {
		demo(ln, "CloseWrite, read what comes, then Close", closeGently)
	}
}

// ANCHOR: close
func closeNow(conn net.Conn) {
	conn.Close()
}

func closeGently(conn net.Conn) {
	defer conn.Close()
	conn.(*net.TCPConn).CloseWrite() // our end: the client reads EOF
	// Read until the client closes too, for a second at most.
	conn.SetReadDeadline(time.Now().Add(time.Second))
	io.Copy(io.Discard, conn)
}

// ANCHOR_END: close

// demo has a client send two lines to a server that reads one byte of
// them, says goodbye, and closes as told.
func demo(ln net.Listener, name string, close func(net.Conn)) {
	client, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	defer client.Close()
	server, err := ln.Accept()
	check(err)
	_, err = io.WriteString(client, "one line\nand another\n")
	check(err)
	// One byte read tells that the client's bytes are here; the rest
	// stays unread.
	_, err = server.Read(make([]byte, 1))
	check(err)
	_, err = io.WriteString(server, "goodbye\r\n")
	check(err)
	go close(server)

	got, err := io.ReadAll(client)
	end := "EOF"
	if err != nil {
		end = err.(*net.OpError).Err.Error()
	}
	fmt.Printf("%s: the client reads %q, then %s\n", name, got, end)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "lastword:", err)
		os.Exit(1)
	}
}
