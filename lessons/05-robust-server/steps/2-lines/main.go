// Step 2 of lesson 5: messages framed by newline. Bytes are gathered
// until a "\n" ends a line, however the reads cut them; a line longer
// than -max-line closes the connection, with one line that says why.
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

func main() {
	addr := flag.String("addr", "127.0.0.1:8128", "address to listen on")
	maxLine := flag.Int("max-line", 1024, "the longest line, in bytes, its end not counted")
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
		go serve(conn, *maxLine)
	}
}

// ANCHOR: serve
func serve(conn net.Conn, maxLine int) {
	defer conn.Close()
	fmt.Println("client connected")
	if _, err := io.WriteString(conn, "hello\r\n"); err != nil {
		fmt.Fprintln(os.Stderr, "client error:", err)
		return
	}
	lines := bufio.NewReaderSize(conn, maxLine+2)
	for {
		line, err := nextLine(lines, maxLine)
		if err == nil {
			fmt.Printf("line: %q\n", line)
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
		default:
			fmt.Fprintln(os.Stderr, "client error:", err)
		}
		return
	}
}

// ANCHOR_END: serve

// ANCHOR: lines
var errLineTooLong = errors.New("line too long")

// nextLine returns the next line with its "\n"; at the end of the
// stream, a last line without one, then io.EOF. ReadSlice returns the
// bytes up to a "\n" once they have all come, or bufio.ErrBufferFull if
// the buffer fills first: a buffer that holds the longest line with its
// "\r\n" is the limit. bufio makes no buffer smaller than 16 bytes,
// though, so a shorter limit is checked on the line's length as well.
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
