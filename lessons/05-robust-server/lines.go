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
// than max bytes, "\r\n" not counted. Step 5's ReadSlice finds a line
// too long only when its buffer fills, and this buffer is 32 KiB, far
// longer than a line: so lineReader looks for the ends of lines itself.
type lineReader struct {
	r    *bufio.Reader
	max  int
	seen int   // bytes at the start of the buffer searched for a "\n"
	err  error // errLineTooLong, once a line over the limit has come
}

func newLineReader(r io.Reader, limit int) *lineReader {
	// The buffer holds at least the longest line with its "\r\n".
	return &lineReader{r: bufio.NewReaderSize(r, max(limit+2, readSize)), max: limit}
}

// next returns the whole lines that have come, at least one, each with
// its "\n"; at the end of the stream, a last line without one, then
// io.EOF. The lines are valid until the next call. A line over the limit
// is errLineTooLong once the lines before it have been returned. With
// any other error, the bytes are what had come of a line, if anything.
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
// that comes a byte at a time is not searched again from its start for
// each byte.
func (l *lineReader) whole(b []byte) int {
	end := bytes.LastIndexByte(b[l.seen:], '\n') + 1
	if end == 0 {
		l.seen = len(b)
		if len(b) > l.max+1 { // longer than a line and its "\r" already
			l.err = l.tooLong()
		}
		return 0
	}
	lines := b[:l.seen+end]
	l.seen = len(b) - len(lines) // what follows the last "\n"
	n := 0
	for line := range bytes.Lines(lines) {
		if len(trimEOL(line)) > l.max {
			l.err = l.tooLong()
			break
		}
		n += len(line)
	}
	return n
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

// midLine reports whether bytes of a line have come that next has not
// returned yet.
func (l *lineReader) midLine() bool {
	return l.r.Buffered() > 0
}

// trimEOL is a line without its "\n" or "\r\n".
func trimEOL(line []byte) []byte {
	if line, ok := bytes.CutSuffix(line, []byte("\n")); ok {
		return bytes.TrimSuffix(line, []byte("\r"))
	}
	return line
}
