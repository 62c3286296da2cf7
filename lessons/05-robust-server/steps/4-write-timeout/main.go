// Step 4 of lesson 5: a client that sends and never reads its echo is
// dropped once a Write has waited -write-timeout for it. Node's write()
// would return false and we would wait for 'drain'; Go's Write waits by
// itself, and a deadline says for how long.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"time"
)

// limits are what the server holds each client to.
type limits struct {
	maxLine      int
	idle         time.Duration
	writeTimeout time.Duration
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8128", "address to listen on")
	var lim limits
	flag.IntVar(&lim.maxLine, "max-line", 1024, "the longest line, in bytes, its end not counted")
	flag.DurationVar(&lim.idle, "idle", 30*time.Second, "close a client silent for this long")
	flag.DurationVar(&lim.writeTimeout, "write-timeout", 10*time.Second, "drop a client that leaves its echo unread for this long")
	flag.Parse()
	log.SetFlags(0)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server bound")
	// ANCHOR: accept
	pause := 5 * time.Millisecond
	for {
		conn, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "accept:", err)
			time.Sleep(pause)
			pause = min(2*pause, time.Second)
			continue
		}
		pause = 5 * time.Millisecond
		go serve(conn, lim)
	}
	// ANCHOR_END: accept
}

// ANCHOR: serve
func serve(conn net.Conn, lim limits) {
	defer conn.Close()
	fmt.Println("client connected")
	if err := echo(conn, []byte("hello\r\n"), lim.writeTimeout); err != nil {
		report(conn, err, lim)
		return
	}
	lines := bufio.NewReaderSize(idleReader{conn, lim.idle}, lim.maxLine+2)
	for {
		line, err := nextLine(lines, lim.maxLine)
		if err == nil {
			err = echo(conn, line, lim.writeTimeout)
		}
		if err != nil {
			report(conn, err, lim)
			return
		}
	}
}

// ANCHOR_END: serve

// ANCHOR: echo
var errNotReading = errors.New("not reading")

// echo writes b back. Write waits while the client does not read; the
// deadline bounds the wait, and a client that still has not read is
// dropped.
func echo(conn net.Conn, b []byte, timeout time.Duration) error {
	conn.SetWriteDeadline(time.Now().Add(timeout))
	_, err := conn.Write(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return errNotReading
	}
	return err
}

// ANCHOR_END: echo

// ANCHOR: report
// report says how a client's connection ended, on our log and, where it
// can still hear, to the client.
func report(conn net.Conn, err error, lim limits) {
	switch {
	case err == io.EOF:
		fmt.Println("client disconnected")
	case errors.Is(err, errLineTooLong):
		fmt.Println("client closed:", err)
		bye(conn, err.Error())
	case errors.Is(err, errNotReading):
		// It does not read: nothing we write would reach it.
		fmt.Printf("client dropped: its echo unread for %s\n", lim.writeTimeout)
	case errors.Is(err, os.ErrDeadlineExceeded):
		fmt.Printf("client closed: idle for %s\n", lim.idle)
		bye(conn, fmt.Sprintf("idle for %s: closing", lim.idle))
	default:
		fmt.Fprintln(os.Stderr, "client error:", err)
	}
}

// ANCHOR_END: report
