// Wrong: serve closes the connection and returns, and leaves the timers
// running: each reply still runs once its delay is over, and writes to a
// closed connection.
//
// Checker: a reply still ran and wrote to it: its timer was not stopped
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7788", "address to listen on")
	delay := flag.Duration("delay", 2*time.Second, "how long before each reply")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cancel:", err)
		os.Exit(1)
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "cancel:", err)
			os.Exit(1)
		}
		go serve(conn, *delay)
	}
}

// serve answers each message with "reply to <message>", delay after it
// came. Once the client has ended its side, the replies still waiting are
// not sent: serve closes the connection at once and returns.
func serve(conn net.Conn, delay time.Duration) {
	defer conn.Close()
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		msg := string(buf[:n])
		// Once the connection is closed, a late reply's write fails,
		// and no one reads it.
		time.AfterFunc(delay, func() {
			fmt.Fprintf(conn, "reply to %s\n", msg)
		})
	}
}
