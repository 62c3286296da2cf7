package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// TCP carries bytes, not messages: a Read may hold several lines, or
// part of one. The lines of a client are cut here, where its bytes come
// in, and nowhere else.

// errLineTooLong is what next returns for a line over the limit.
var errLineTooLong = errors.New("line too long")

// ANCHOR: next
// readSize is the most one Read takes in. Each Read is a system call:
// with a buffer the size of the longest line (1 KiB by default), a
// client that sends lines back to back costs a Read for every KiB, and
// a Write for every line. Node reads up to 64 KiB at a time; 32 KiB
// brings dozens of lines in one Read, and they go back in one Write.
const readSize = 32 << 10

// lineReader cuts a stream into lines that end with "\n", none longer
// than max bytes, "\r\n" not counted.
type lineReader struct {
	r    *bufio.Reader
	max  int
	seen int // bytes of the line being read known to hold no "\n"
}

func newLineReader(r io.Reader, limit int) *lineReader {
	// The buffer holds at least the longest line with its "\r\n".
	return &lineReader{r: bufio.NewReaderSize(r, max(limit+2, readSize)), max: limit}
}

// next returns the whole lines that have come, at least one, each with
// its "\n"; at the end of the stream, a last line without one, then
// io.EOF. The lines are valid until the next call. A line over the limit
// is errLineTooLong once the lines before it have been returned, and the
// reader is of no more use: the rest of that line is still to come. With
// any other error, the bytes are what had come of a line, if anything.
func (l *lineReader) next() ([]byte, error) {
	for {
		buffered, _ := l.r.Peek(l.r.Buffered())
		n, tooLong := l.whole(buffered)
		switch {
		case n > 0:
			l.r.Discard(n)
			l.seen -= n
			return buffered[:n], nil
		case tooLong:
			return nil, l.tooLong()
		}
		// No whole line yet: wait for at least one more byte.
		if _, err := l.r.Peek(len(buffered) + 1); err != nil {
			return l.last(err)
		}
	}
}

// whole is how many bytes at the start of b are whole lines within the
// limit. tooLong says the line after them is over it: a whole line too
// long, or, with no "\n" yet, more bytes than the longest line and its
// "\r". The search for a "\n" starts where the last one stopped: a line
// that comes a byte at a time is not searched again from its start for
// each byte.
func (l *lineReader) whole(b []byte) (n int, tooLong bool) {
	from := l.seen
	for {
		end := bytes.IndexByte(b[from:], '\n')
		if end < 0 {
			l.seen = len(b)
			return n, len(b)-n > l.max+1
		}
		end += from
		if len(trimEOL(b[n:end+1])) > l.max {
			l.seen = n
			return n, true
		}
		n, from = end+1, end+1
	}
}

// ANCHOR_END: next

// last is what next returns when the stream has no more bytes to give:
// at the end, the last line, which has no "\n" (io.EOF comes next);
// after another error, what had come of a line, with the error.
func (l *lineReader) last(err error) ([]byte, error) {
	rest, _ := l.r.Peek(l.r.Buffered())
	l.r.Discard(len(rest))
	l.seen = 0
	switch {
	case err == io.EOF && len(rest) > l.max:
		return nil, l.tooLong()
	case err == io.EOF && len(rest) > 0:
		return rest, nil
	}
	return rest, err
}

func (l *lineReader) tooLong() error {
	return fmt.Errorf("%w: over %d bytes", errLineTooLong, l.max)
}

// midLine reports whether bytes have come that next has not returned
// yet: the start of a line, or more. Called from the Reader that next
// reads from, it tells whether that Read is in the middle of a line.
func (l *lineReader) midLine() bool {
	return l.r.Buffered() > 0
}

// trimEOL is a line without its "\n" or "\r\n".
func trimEOL(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	return line
}
