// Step 5 of lesson 5: no more than -max-conns clients at once. One
// beyond the limit is told so in one line and closed, and the server
// keeps the file descriptors that its clients need.
package main

import (
	"bufio"
	"bytes"
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
			// Full: tell this one so at once. Saying goodbye takes a
			// second at most, and no slot.
			fmt.Printf("client refused: %d connected already\n", lim.maxConns)
			go bye(conn, fmt.Sprintf("server busy: %d clients connected, try again later", lim.maxConns))
		}
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

// ANCHOR: idle
// idleReader reads from a connection, and waits the idle time at most.
// Set afresh before each Read, the deadline restarts the clock whenever
// bytes come, as Node's setTimeout does.
type idleReader struct {
	conn net.Conn
	idle time.Duration
}

func (r idleReader) Read(p []byte) (int, error) {
	r.conn.SetReadDeadline(time.Now().Add(r.idle))
	return r.conn.Read(p)
}

// ANCHOR_END: idle

// ANCHOR: lines
var errLineTooLong = errors.New("line too long")

// nextLine returns the next line with its "\n"; at the end of the
// stream, a last line without one, then io.EOF. ReadSlice returns the
// bytes up to a "\n" once they have all come, or bufio.ErrBufferFull if
// the buffer fills first: a buffer that holds the longest line with its
// "\r\n" is the limit.
func nextLine(lines *bufio.Reader, max int) ([]byte, error) {
	line, err := lines.ReadSlice('\n')
	text := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	if err == bufio.ErrBufferFull || len(text) > max {
		return nil, fmt.Errorf("%w: over %d bytes", errLineTooLong, max)
	}
	if err == io.EOF && len(line) > 0 {
		return line, nil // the last line has no "\n"; io.EOF comes next
	}
	return line, err
}

// ANCHOR_END: lines

// ANCHOR: bye
// bye sends a last line and closes. Closing with bytes of the client
// still unread would send a reset, and the client would read an error
// after our line instead of the end: so we end our side, and read what
// still comes, for a second at most, before we close.
func bye(conn net.Conn, why string) {
	defer conn.Close()
	conn.SetWriteDeadline(time.Now().Add(time.Second))
	if _, err := io.WriteString(conn, why+"\r\n"); err != nil {
		return
	}
	conn.(*net.TCPConn).CloseWrite()
	conn.SetReadDeadline(time.Now().Add(time.Second))
	io.Copy(io.Discard, conn)
}

// ANCHOR_END: bye
