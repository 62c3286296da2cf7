//go:build check

// The checker of exercise 1 of lesson 5: make check EX=05/1.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// checkHint is the hint of most failures.
const checkHint = "io.ReadFull(r, length[:]) reads the two bytes of the length however they arrive; " +
	"binary.BigEndian.Uint16 turns them into a number; compare it with max, then io.ReadFull the message."

// wholeHint is the hint when a message comes back cut short, or with more.
const wholeHint = "one Read returns what has come so far: part of a frame, or more than one. " +
	"io.ReadFull(r, buf) reads until buf is full, however the bytes arrive, and reads no further."

// limitHint is the hint when the limit is not kept, or kept too tightly.
const limitHint = "max is the longest message allowed: a length n is refused when n > max, " +
	"and a message of exactly max bytes is read."

// limitFirstHint is the hint when a length over the limit is read on.
const limitFirstHint = "compare the length with max as soon as its two bytes are read, " +
	"before reading the message, or making room for it."

// endHint is the hint when an end is mistaken for another.
const endHint = "io.ReadFull returns io.EOF when none of what it asked for came, and io.ErrUnexpectedEOF when some did. " +
	"For the length, pass on what it returns; for the message, the length has come, so io.EOF there is io.ErrUnexpectedEOF."

// errHint is the hint when an error that is not the end is lost.
const errHint = "an error that is not the end of the stream (a timeout, a reset) is returned as it is, " +
	"so the caller can tell a connection that failed from one that ended."

// errCheckNothingMore is what checkReader returns once its pieces have
// all been read, if it is not to end the stream: on a connection, Read
// would wait for bytes that do not come.
var errCheckNothingMore = errors.New("the checker's stream: nothing more has come")

// checkReader returns its pieces one Read at a time, as a connection
// returns what has come; then end. It counts the Reads asked of it once
// its pieces are all read.
type checkReader struct {
	pieces   [][]byte
	end      error
	readPast int
}

func (r *checkReader) Read(p []byte) (int, error) {
	if len(r.pieces) == 0 {
		r.readPast++
		return 0, r.end
	}
	n := copy(p, r.pieces[0])
	if r.pieces[0] = r.pieces[0][n:]; len(r.pieces[0]) == 0 {
		r.pieces = r.pieces[1:]
	}
	return n, nil
}

// checkFrame is a frame holding msg.
func checkFrame(msg string) []byte {
	return append([]byte{byte(len(msg) >> 8), byte(len(msg))}, msg...)
}

// checkFail fails the test with what went wrong and its hint.
func checkFail(t *testing.T, hint, format string, args ...any) {
	t.Helper()
	t.Fatalf("%s\nHint: %s", fmt.Sprintf(format, args...), hint)
}

func TestReadFrame(t *testing.T) {
	// Two frames in one Read, then one a byte at a time, then the end.
	split := checkFrame("in pieces")
	r := &checkReader{pieces: [][]byte{append(checkFrame("hello"), checkFrame("line one\nline two")...)}, end: io.EOF}
	for i := range split {
		r.pieces = append(r.pieces, split[i:i+1])
	}
	for _, want := range []string{"hello", "line one\nline two", "in pieces"} {
		msg, err := readFrame(r, 100)
		switch {
		case err == nil && string(msg) == want:
			continue
		case err == nil && len(msg) < len(want) && strings.HasPrefix(want, string(msg)):
			checkFail(t, wholeHint, "readFrame returned %q, only %d of the %d bytes of the message %q: "+
				"its bytes came one per Read, and one Read returns only what has come.", msg, len(msg), len(want), want)
		case err == nil && len(msg) > len(want):
			checkFail(t, wholeHint, "readFrame returned %q where the frame held %q: two frames came in one Read, "+
				"and a frame ends where its length says.", msg, want)
		}
		checkFail(t, checkHint, "readFrame returned %s where the frame held %q: two frames came in one Read, "+
			"and the third a byte at a time.", checkSaid(msg, err), want)
	}
	if msg, err := readFrame(r, 100); err != io.EOF {
		checkFail(t, endHint, "after the last frame the stream ended, and readFrame returned %s, not io.EOF: "+
			"an end between two frames is the stream's own end.", checkSaid(msg, err))
	}

	// The limit is the longest message allowed.
	long := strings.Repeat("x", 100)
	r = &checkReader{pieces: [][]byte{checkFrame(long)}, end: io.EOF}
	if msg, err := readFrame(r, 100); errors.Is(err, errFrameTooLong) {
		checkFail(t, limitHint, "a frame of exactly 100 bytes, with a limit of 100, was refused (%v): "+
			"a message of max bytes is allowed.", err)
	} else if err != nil || string(msg) != long {
		checkFail(t, checkHint, "a frame of exactly 100 bytes, with a limit of 100, came, and readFrame returned "+
			"%d bytes%s.", len(msg), checkErr(err))
	}

	// A frame over the limit, refused before its message is read: only
	// its length has come.
	r = &checkReader{pieces: [][]byte{checkFrame(strings.Repeat("x", 300))[:2]}, end: errCheckNothingMore}
	msg, err := readFrame(r, 100)
	if r.readPast > 0 {
		checkFail(t, limitFirstHint, "the length of a frame of 300 bytes came, with a limit of 100, and readFrame "+
			"went on to read its message: a length over the limit is refused before any of the message is read.")
	}
	if !errors.Is(err, errFrameTooLong) {
		checkFail(t, limitHint, "the length of a frame of 300 bytes came, with a limit of 100, and readFrame returned %s, "+
			"not errFrameTooLong.", checkSaid(msg, err))
	}

	// The stream ends in the middle of a frame: in its message, right
	// after its length, or in its length.
	for _, cut := range []struct {
		bytes int
		where string
	}{
		{5, "three bytes into the message of a frame of 8"},
		{2, "right after the length of a frame of 8"},
		{1, "one byte into the two bytes of a frame's length"},
	} {
		r = &checkReader{pieces: [][]byte{checkFrame("complete")[:cut.bytes]}, end: io.EOF}
		if msg, err := readFrame(r, 100); err != io.ErrUnexpectedEOF {
			checkFail(t, endHint, "the stream ended %s, and readFrame returned %s, not io.ErrUnexpectedEOF: "+
				"an end in the middle of a frame is not the stream's own end.", cut.where, checkSaid(msg, err))
		}
	}

	// An error that is not the end is passed on.
	r = &checkReader{end: os.ErrDeadlineExceeded}
	if msg, err := readFrame(r, 100); !errors.Is(err, os.ErrDeadlineExceeded) {
		checkFail(t, errHint, "reading the length of a frame failed with %q, and readFrame returned %s: "+
			"that error is not the end of the stream.", os.ErrDeadlineExceeded, checkSaid(msg, err))
	}
	t.Logf("frames whole however they came, the limit kept, the end told apart")
}

// checkSaid is what readFrame returned, for a sentence.
func checkSaid(msg []byte, err error) string {
	if err == nil {
		return fmt.Sprintf("%q", msg)
	}
	if msg == nil {
		return fmt.Sprintf("the error %q", err)
	}
	return fmt.Sprintf("%q and the error %q", msg, err)
}

// checkErr says what an error was, for a sentence: nothing if nil.
func checkErr(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf(" and the error %q", err)
}
