package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// TCP carries bytes, not messages: a Read may hold several lines, or
// part of one. The lines of a client are cut here, where its bytes come
// in, and nowhere else.

// errLineTooLong is what next returns for a line over the limit.
var errLineTooLong = errors.New("line too long")

// lineReader cuts a stream into lines that end with "\n", none longer
// than max bytes, "\r\n" not counted.
type lineReader struct {
	r   *bufio.Reader
	max int
}

func newLineReader(r io.Reader, max int) *lineReader {
	// The buffer holds the longest line with its "\r\n": ReadSlice finds
	// the end of any line we accept without copying it, and a buffer
	// full without one is a line too long.
	return &lineReader{r: bufio.NewReaderSize(r, max+2), max: max}
}

// next returns the next line with its "\n"; at the end of the stream, a
// last line without one, then io.EOF. The line is valid until the next
// call. A line over the limit is errLineTooLong, and the reader is of no
// more use: the rest of that line is still to come. With any other
// error, the line is what had come of it, if anything.
//
// bufio never makes a buffer under 16 bytes: with a limit under 14, a
// line that is too long and has no end yet is caught once 16 bytes of it
// have come.
func (l *lineReader) next() ([]byte, error) {
	line, err := l.r.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		return nil, l.tooLong()
	case err == nil || err == io.EOF && len(line) > 0:
		// A whole line, or the last one, which has no "\n": io.EOF
		// comes next.
		if len(trimEOL(line)) > l.max {
			return nil, l.tooLong()
		}
		return line, nil
	default:
		return line, err
	}
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
