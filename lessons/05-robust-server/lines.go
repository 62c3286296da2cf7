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
	r       *bufio.Reader
	max     int
	seen    int   // bytes at the start of the buffer searched for a "\n"
	err     error // tooLong, once a line over the limit has come
	tooLong error
}

func newLineReader(r io.Reader, limit int) *lineReader {
	// The buffer holds the longest line and its "\r\n": once it is full,
	// it holds a "\n" or a line too long.
	return &lineReader{r: bufio.NewReaderSize(r, max(limit+2, readSize)), max: limit,
		tooLong: fmt.Errorf("%w: over %d bytes", errLineTooLong, limit)}
}

// next returns every whole line that has come, each with its "\n", to
// be echoed in one Write; at the end of the stream, a last line without
// one, then io.EOF. A line over the limit is an error once the lines
// before it have been returned. With another error, the bytes are what
// had come of a line. The bytes are valid until the next call.
func (l *lineReader) next() ([]byte, error) {
	for l.err == nil {
		buffered, _ := l.r.Peek(l.r.Buffered())
		n := l.whole(buffered)
		switch {
		case n > 0:
			l.r.Discard(n)
			return buffered[:n], nil
		case l.err == nil:
			// No whole line yet: wait for at least one more byte.
			if _, err := l.r.Peek(len(buffered) + 1); err != nil {
				return l.last(err)
			}
		}
	}
	return nil, l.err
}

// whole is how many bytes at the start of b are whole lines within the
// limit. It searches only the bytes it has not searched before: a line
// that comes a byte at a time is searched once, not once for each byte.
func (l *lineReader) whole(b []byte) int {
	end := l.seen + bytes.LastIndexByte(b[l.seen:], '\n') + 1
	if end == l.seen { // no "\n" yet
		l.seen = len(b)
		if len(b) > l.max+1 { // longer than a line and its "\r" already
			l.err = l.tooLong
		}
		return 0
	}
	l.seen = len(b) - end // the bytes after the last "\n"
	n := 0
	for line := range bytes.Lines(b[:end]) {
		if len(bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))) > l.max {
			l.err = l.tooLong
			break
		}
		n += len(line)
	}
	return n
}

// ANCHOR_END: next

// last is what next returns when no more bytes come: at the end of the
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
		return nil, l.tooLong
	}
	return rest, nil
}

// midLine reports whether bytes of a line have come that next has not
// returned.
func (l *lineReader) midLine() bool {
	return l.r.Buffered() > 0
}
