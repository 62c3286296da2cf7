package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chunks is a Reader that returns its data in pieces of the given sizes,
// as TCP may.
type chunks struct {
	data  []byte
	sizes []int
}

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := len(c.data)
	if len(c.sizes) > 0 {
		n = max(1, min(n, c.sizes[0]))
		c.sizes = c.sizes[1:]
	}
	n = copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// allLines reads every line, copying each, until an error. next returns
// whole lines, as many as have come: each batch is cut into its lines
// here, and a batch that does not end a line must be the last.
func allLines(l *lineReader) ([]string, error) {
	var lines []string
	for {
		batch, err := l.next()
		if err != nil {
			return lines, err
		}
		if len(lines) > 0 && !strings.HasSuffix(lines[len(lines)-1], "\n") {
			return lines, errors.New("a line without its \"\\n\" came before others")
		}
		for line := range bytes.Lines(batch) {
			lines = append(lines, string(line))
		}
	}
}

// Lines that have come together are returned together, for one Write.
func TestLinesThatCameTogetherComeTogether(t *testing.T) {
	l := newLineReader(&chunks{data: []byte("one\ntwo\nthr"), sizes: []int{11}}, 10)
	batch, err := l.next()
	require.NoError(t, err)
	assert.Equal(t, "one\ntwo\n", string(batch))
	assert.True(t, l.midLine(), `"thr" has come, and not the rest`)
}

// A line too long after good ones: the good ones first, then the error,
// so that their echoes go before the goodbye.
func TestTheLinesBeforeOneTooLongComeFirst(t *testing.T) {
	l := newLineReader(strings.NewReader("fine\n0123456789abcdef\nnever read\n"), 10)
	batch, err := l.next()
	require.NoError(t, err)
	assert.Equal(t, "fine\n", string(batch))
	_, err = l.next()
	assert.ErrorIs(t, err, errLineTooLong)
}

// A line with no end yet is too long as soon as more bytes have come
// than the longest line and its "\r", however big the buffer.
func TestALineWithNoEndIsTooLongAtOnce(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	go w.Write([]byte("0123456789\r!"))
	_, err := newLineReader(r, 10).next()
	assert.ErrorIs(t, err, errLineTooLong)
}

func TestLinesComeWholeHoweverTheBytesArrive(t *testing.T) {
	for _, sizes := range [][]int{nil, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {3, 7, 2}, {14}} {
		l := newLineReader(&chunks{data: []byte("one\ntwo\r\nthree\n"), sizes: sizes}, 10)
		lines, err := allLines(l)
		assert.ErrorIs(t, err, io.EOF)
		assert.Equal(t, []string{"one\n", "two\r\n", "three\n"}, lines, "pieces of %v", sizes)
	}
}

func TestALastLineWithoutNewlineStillCounts(t *testing.T) {
	lines, err := allLines(newLineReader(strings.NewReader("one\nlast"), 10))
	assert.ErrorIs(t, err, io.EOF)
	assert.Equal(t, []string{"one\n", "last"}, lines)
}

func TestALineOverTheLimitIsAnError(t *testing.T) {
	l := newLineReader(strings.NewReader("short\n"+strings.Repeat("x", 11)+"\nnever read\n"), 10)
	lines, err := allLines(l)
	assert.Equal(t, []string{"short\n"}, lines)
	assert.ErrorIs(t, err, errLineTooLong)
	assert.EqualError(t, err, "line too long: over 10 bytes")

	// Exactly the limit is fine, "\r\n" not counted.
	lines, err = allLines(newLineReader(strings.NewReader(strings.Repeat("y", 10)+"\r\n"), 10))
	assert.ErrorIs(t, err, io.EOF)
	assert.Equal(t, []string{strings.Repeat("y", 10) + "\r\n"}, lines)
}

func TestMidLineSaysWhetherALineHasStarted(t *testing.T) {
	r, w := io.Pipe()
	l := newLineReader(r, 10)
	assert.False(t, l.midLine())
	go w.Write([]byte("one\ntw"))
	line, err := l.next()
	require.NoError(t, err)
	assert.Equal(t, "one\n", string(line))
	assert.True(t, l.midLine(), `"tw" has come, and not the rest`)
	go w.Write([]byte("o\n"))
	line, err = l.next()
	require.NoError(t, err)
	assert.Equal(t, "two\n", string(line))
	assert.False(t, l.midLine())
}

// FuzzLines cuts random bytes, arriving in random pieces, into lines, and
// checks that nothing is lost, added, merged or cut where it should not be.
func FuzzLines(f *testing.F) {
	f.Add([]byte("one\ntwo\r\nthree\n"), []byte{1, 2, 3}, uint8(8))
	f.Add([]byte("no newline at all"), []byte{5}, uint8(4))
	f.Add([]byte("\n\n\r\n\n"), []byte{1}, uint8(1))
	f.Fuzz(func(t *testing.T, data, pieces []byte, limit uint8) {
		max := int(limit%64) + 1
		sizes := make([]int, len(pieces))
		for i, p := range pieces {
			sizes[i] = int(p%32) + 1
		}
		lines, err := allLines(newLineReader(&chunks{data: bytes.Clone(data), sizes: sizes}, max))
		got := []byte(strings.Join(lines, ""))
		if !bytes.HasPrefix(data, got) {
			t.Fatalf("lines %q are not the start of %q", lines, data)
		}
		for i, line := range lines {
			if inner := strings.Index(line, "\n"); inner >= 0 && inner != len(line)-1 {
				t.Fatalf("line %q holds a newline before its end", line)
			}
			if !strings.HasSuffix(line, "\n") && i != len(lines)-1 {
				t.Fatalf("line %q has no newline but is not the last", line)
			}
			if len(trimEOL([]byte(line))) > max {
				t.Fatalf("line %q is over %d bytes", line, max)
			}
		}
		rest := data[len(got):]
		switch {
		case errors.Is(err, io.EOF):
			if len(rest) != 0 {
				t.Fatalf("io.EOF with %q left", rest)
			}
		case errors.Is(err, errLineTooLong):
			// The next line, as the data has it, is the one too long.
			next := rest
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				next = rest[:i+1]
			}
			if len(trimEOL(next)) <= max {
				t.Fatalf("errLineTooLong, but the next line %q is within %d bytes", next, max)
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// A line cut short by an error other than the end, a deadline say, is
// what had come of it, even at the limit with the "\r" of its "\r\n"
// come: it is not yet too long, as its "\n" may be next.
func TestALineCutShortIsNotTooLong(t *testing.T) {
	l := newLineReader(io.MultiReader(strings.NewReader("0123456789\r"), failing{os.ErrDeadlineExceeded}), 10)
	line, err := l.next()
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.Equal(t, "0123456789\r", string(line))
}

// failing is a Reader that fails with its error.
type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

// A line that comes a byte at a time is searched for its "\n" once, not
// again from its start for each byte: a client trickling a long line
// costs the server time in proportion to the line, not to its square.
// To show that the search starts where it stopped, the bytes already
// searched are given a "\n" that it must not see.
func TestALineIsSearchedFromWhereTheSearchStopped(t *testing.T) {
	l := newLineReader(&replies{{"abc", nil}, {"", os.ErrDeadlineExceeded}, {"def", nil}, {"", os.ErrDeadlineExceeded}}, 100)
	line, err := l.next()
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.Equal(t, "abc", string(line))
	assert.Equal(t, 3, l.seen, "3 bytes looked at, no end among them")

	searched, _ := l.r.Peek(3)
	searched[1] = '\n'
	line, err = l.next()
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.Equal(t, "a\ncdef", string(line), `the search began at byte 3, past the "\n" at 1`)
	assert.Equal(t, 6, l.seen)
}

// replies is a Reader that gives its pieces one Read at a time, each
// with its error.
type replies []struct {
	data string
	err  error
}

func (r *replies) Read(p []byte) (int, error) {
	if len(*r) == 0 {
		return 0, io.EOF
	}
	next := (*r)[0]
	*r = (*r)[1:]
	return copy(p, next.data), next.err
}

// trimEOL is a line without its "\n" or "\r\n".
func trimEOL(line []byte) []byte {
	if line, ok := bytes.CutSuffix(line, []byte("\n")); ok {
		return bytes.TrimSuffix(line, []byte("\r"))
	}
	return line
}
