package main

import (
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

// lineReader cuts a stream into lines that end with "\n", none longer
// than max bytes, "\r\n" not counted. Unlike bufio's readers, it keeps
// what it has of a line when a Read fails, so that a Read cut short by a
// deadline can be tried again without losing a byte.
type lineReader struct {
	r   io.Reader
	max int
	// buf[start:end] is what has come and is not yet returned. buf holds
	// the longest line with its "\r\n".
	buf        []byte
	start, end int
	err        error // from the last Read, for when buf runs out of lines
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: r, max: max, buf: make([]byte, max+2)}
}

// next returns the next line with its "\n"; at the end of the stream, a
// last line without one, then io.EOF. The line is valid until the next
// call. A line over the limit is errLineTooLong, and the reader is of no
// more use: the rest of that line is still to come. After any other
// error, next may be called again and goes on where it was.
func (l *lineReader) next() ([]byte, error) {
	searched := l.start
	for {
		if i := bytes.IndexByte(l.buf[searched:l.end], '\n'); i >= 0 {
			return l.take(searched + i + 1)
		}
		searched = l.end
		if l.err != nil {
			err := l.err
			if err == io.EOF && l.end > l.start {
				return l.take(l.end) // the last line has no "\n"
			}
			if err != io.EOF {
				l.err = nil // a deadline, say: the caller may try again
			}
			return nil, err
		}
		if l.end-l.start == len(l.buf) {
			return nil, l.tooLong()
		}
		if l.end == len(l.buf) {
			// Move the line begun to the front, to make room for the rest.
			l.end = copy(l.buf, l.buf[l.start:l.end])
			searched -= l.start
			l.start = 0
		}
		n, err := l.r.Read(l.buf[l.end:])
		l.end += n
		l.err = err
	}
}

// take returns the line that ends at buf[end], unless it is too long.
func (l *lineReader) take(end int) ([]byte, error) {
	line := l.buf[l.start:end]
	if len(trimEOL(line)) > l.max {
		return nil, l.tooLong()
	}
	l.start = end
	return line, nil
}

func (l *lineReader) tooLong() error {
	return fmt.Errorf("%w: over %d bytes", errLineTooLong, l.max)
}

// midLine reports whether part of a line has come, and not the rest.
func (l *lineReader) midLine() bool {
	return l.end > l.start
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
