// Step 3 of lesson 5: a client silent for -idle is told so and closed,
// as Node's socket.setTimeout and its 'timeout' event would let us do.
// Lines are no longer logged: a busy server would log little else.
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

func main() {
	addr := flag.String("addr", "127.0.0.1:8128", "address to listen on")
	maxLine := flag.Int("max-line", 1024, "the longest line, in bytes, its end not counted")
	idle := flag.Duration("idle", 30*time.Second, "close a client silent for this long")
	flag.Parse()
	log.SetFlags(0)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("server bound")
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
		go serve(conn, *maxLine, *idle)
	}
}

// ANCHOR: serve
func serve(conn net.Conn, maxLine int, idle time.Duration) {
	defer conn.Close()
	fmt.Println("client connected")
	if _, err := io.WriteString(conn, "hello\r\n"); err != nil {
		fmt.Fprintln(os.Stderr, "client error:", err)
		return
	}
	lines := bufio.NewReaderSize(idleReader{conn, idle}, maxLine+2)
	for {
		line, err := nextLine(lines, maxLine)
		if err == nil {
			_, err = conn.Write(line)
		}
		switch {
		case err == nil:
			continue
		case err == io.EOF:
			fmt.Println("client disconnected")
		case errors.Is(err, errLineTooLong):
			fmt.Println("client closed:", err)
			bye(conn, err.Error())
		// ANCHOR: idle-case
		case errors.Is(err, os.ErrDeadlineExceeded):
			fmt.Printf("client closed: idle for %s\n", idle)
			bye(conn, fmt.Sprintf("idle for %s: closing", idle))
		// ANCHOR_END: idle-case
		default:
			fmt.Fprintln(os.Stderr, "client error:", err)
		}
		return
	}
}

// ANCHOR_END: serve
