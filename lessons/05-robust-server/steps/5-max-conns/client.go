package main

// How the server reads a client's lines, and how it says goodbye: the
// same in steps 3, 4 and 5, and kept apart from main.go for that.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// ANCHOR: idle
// idleReader reads from a connection, and waits the idle time at most.
// Set afresh before each Read, the deadline restarts the clock whenever
// bytes come, as Node's setTimeout does. Node's restarts on writes too.
// Here the only writes are the echoes, and the next Read, which starts
// the clock again, comes once the echo is written: while an echo waits
// to go out, the idle clock does not run.
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
