// Command halfopen shows that Go never ends your side of a connection for
// you: after Read returns io.EOF, you may write for as long as you like,
// like a Node socket created with allowHalfOpen: true.
//
//	halfopen          write after EOF, and see it arrive
//	halfopen -states  the same steps, with the state the kernel gives each socket
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	flags := flag.NewFlagSet("halfopen", flag.ExitOnError)
	states := flags.Bool("states", false, "print the kernel's state of each socket after each step (states.go)")
	flags.Parse(os.Args[1:])
	if *states {
		showStates()
		return
	}
	client, peer := connectedPair()

	// The peer says goodbye and ends its side: it sends FIN, and reads on.
	received := make(chan string)
	go func() {
		io.WriteString(peer, "bye\n")
		peer.(*net.TCPConn).CloseWrite()
		all, _ := io.ReadAll(peer)
		received <- string(all)
	}()

	// ANCHOR: eof
	// ReadAll reads to io.EOF: the peer's end, Node's 'end'.
	io.ReadAll(client)
	_, err := io.WriteString(client, "right after EOF\n")
	fmt.Println("write right after EOF:", result(err))
	// Nothing runs behind our back between two calls: a Read
	// still says io.EOF, and writing still works.
	_, err = client.Read(make([]byte, 1))
	fmt.Println("read again:", err)
	_, err = io.WriteString(client, "later\n")
	fmt.Println("write later:", result(err))
	// Our side ends when we say so, and not before.
	client.(*net.TCPConn).CloseWrite()
	fmt.Printf("the peer received %q\n", <-received)
	// ANCHOR_END: eof
}

func result(err error) string {
	if err != nil {
		return err.Error()
	}
	return "sent"
}

// connectedPair returns both ends of a fresh loopback TCP connection.
func connectedPair() (net.Conn, net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	peer, err := ln.Accept()
	check(err)
	return client, peer
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "halfopen:", err)
		os.Exit(1)
	}
}
