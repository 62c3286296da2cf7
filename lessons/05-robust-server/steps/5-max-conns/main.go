// Step 5 of lesson 5: no more than -max-conns clients at once. One
// beyond the limit is told so in one line and closed, and a crowd can
// hold no more than twice -max-conns descriptors.
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
	maxConns     int
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8128", "address to listen on")
	var lim limits
	flag.IntVar(&lim.maxLine, "max-line", 1024, "the longest line, in bytes, its end not counted")
	flag.DurationVar(&lim.idle, "idle", 30*time.Second, "close a client silent for this long")
	flag.DurationVar(&lim.writeTimeout, "write-timeout", 10*time.Second, "drop a client that leaves its echo unread for this long")
	flag.IntVar(&lim.maxConns, "max-conns", 100, "turn away clients beyond this many at once")
	flag.Parse()
	log.SetFlags(0)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server bound")
	// ANCHOR: accept
	// A slot is taken by each client served, and given back when it
	// leaves: a channel with room for maxConns counts them for us.
	slots := make(chan struct{}, lim.maxConns)
	refusals := make(chan struct{}, lim.maxConns)
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
		select {
		case slots <- struct{}{}:
			go func() {
				defer func() { <-slots }()
				serve(conn, lim)
			}()
		default:
			fmt.Printf("client refused: %d connected already\n", lim.maxConns)
			refuse(conn, refusals, lim.maxConns)
		}
	}
	// ANCHOR_END: accept
}

// ANCHOR: refuse
// refuse tells a client beyond maxConns that the server is busy. As many
// refusals as clients served may take their time, two seconds at most, to
// say goodbye without a reset (see bye); beyond that, a crowd gets its
// line and the door at once, so that it cannot hold more descriptors
// than that.
func refuse(conn net.Conn, refusals chan struct{}, maxConns int) {
	why := fmt.Sprintf("server busy: %d clients connected, try again later", maxConns)
	select {
	case refusals <- struct{}{}:
		go func() {
			defer func() { <-refusals }()
			bye(conn, why)
		}()
	default:
		// A new connection's buffers are empty: the line goes at once.
		conn.SetWriteDeadline(time.Now().Add(10 * time.Millisecond))
		io.WriteString(conn, why+"\r\n")
		conn.Close()
	}
}

// ANCHOR_END: refuse

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
