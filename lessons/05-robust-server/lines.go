package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// errLineTooLong is what next returns for a line over the limit.
var errLineTooLong = errors.New("line too long")

// ANCHOR: next
// readSize is the most one Read takes in. Each Read is a system call:
// Node reads up to 64 KiB at a time, and 32 KiB brings dozens of lines.
const readSize = 32 << 10

// lineReader cuts a stream into lines that end with "\n", none longer
// than max bytes, "\r\n" not counted. Step 5's ReadSlice finds a line
// too long only when its buffer is full, and this buffer holds many
// lines: so lineReader looks for the ends of lines itself.
type lineReader struct {
	r    *bufio.Reader
	max  int
	seen int // bytes at the start of the buffer known to hold no "\n"
}

func newLineReader(r io.Reader, limit int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, max(limit+2, readSize)), max: limit}
}

// next returns every whole line that has come, each with its "\n", to
// be echoed in one Write; at the end of the stream, a last line without
// one, then io.EOF. With another error, the bytes are what had come of a
// line. The bytes are valid until the next call.
func (l *lineReader) next() ([]byte, error) {
	for {
		// Only the bytes that came since the last search are searched:
		// a line sent a byte at a time is searched once, not once a byte.
		buf, _ := l.r.Peek(l.r.Buffered())
		if i := bytes.LastIndexByte(buf[l.seen:], '\n'); i >= 0 {
			return l.whole(buf, l.seen+i+1)
		}
		l.seen = len(buf)
		if len(buf) > l.max+1 { // no end, and longer than a line and its "\r"
			return nil, l.tooLong()
		}
		if _, err := l.r.Peek(len(buf) + 1); err != nil { // wait for a byte more
			return l.last(err)
		}
	}
}

// whole returns the lines that buf[:end] holds, or those before the
// first that is too long; that one is next's error the next time.
func (l *lineReader) whole(buf []byte, end int) ([]byte, error) {
	n := 0
	for line := range bytes.Lines(buf[:end]) {
		if len(bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))) > l.max {
			break
		}
		n += len(line)
	}
	if n == 0 {
		return nil, l.tooLong()
	}
	l.r.Discard(n)
	l.seen = 0
	if n == end { // what follows the last "\n" holds no other
		l.seen = len(buf) - end
	}
	return buf[:n], nil
}

// ANCHOR_END: next

// last is what next returns when no byte more comes: at the end of the
// stream, the last line, which has no "\n"; after another error, what
// had come of a line.
func (l *lineReader) last(err error) ([]byte, error) {
	rest, _ := l.r.Peek(l.r.Buffered())
	if err != io.EOF || len(rest) == 0 {
		return rest, err
	}
	l.r.Discard(len(rest))
	l.seen = 0
	if len(rest) > l.max {
		return nil, l.tooLong()
	}
	return rest, nil
}

func (l *lineReader) tooLong() error {
	return fmt.Errorf("%w: over %s", errLineTooLong, count(l.max, "byte"))
}

// midLine reports whether bytes of a line have come that next has not
// returned.
func (l *lineReader) midLine() bool {
	return l.r.Buffered() > 0
}
