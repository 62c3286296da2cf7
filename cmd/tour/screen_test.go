package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// openTerminal opens a pseudo-terminal of the given width and returns the
// end a program writes to, as a terminal would be its standard output.
func openTerminal(t *testing.T, width uint16) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	require.NoError(t, unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0)) // unlock the other end
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	require.NoError(t, err)
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { tty.Close() })
	require.NoError(t, unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: width}))
	return tty
}

func TestOnATerminalTheTourIsAsWideAsItAndInColour(t *testing.T) {
	t.Setenv("NO_COLOR", "") // empty: as if unset
	t.Setenv("COLUMNS", "200")
	s := newScreen(openTerminal(t, 72))
	assert.Equal(t, 72, s.width, "the terminal's width, not $COLUMNS")
	assert.True(t, s.colour)
}

func TestNoColorTurnsColourOff(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	s := newScreen(openTerminal(t, 72))
	assert.Equal(t, 72, s.width)
	assert.False(t, s.colour)
}

func TestOffATerminalThereIsNoColour(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	t.Setenv("NO_COLOR", "")
	for columns, want := range map[string]int{"": 80, "60": 60, "20": minWidth, "wide": 80} {
		t.Setenv("COLUMNS", columns)
		s := newScreen(w)
		assert.Equal(t, want, s.width, "COLUMNS=%q", columns)
		assert.False(t, s.colour)
	}
}

func TestLinesWrapInsideTheirColumn(t *testing.T) {
	var out bytes.Buffer
	s := &screen{out: &out, width: 50, colour: true}
	s.heading("Lesson 4: the delayed-reply conversation, with a title this long")
	s.columns()
	s.left("message from client received: client data: 12345")
	s.right("data from server received: server message 12345")
	s.right("an_unbroken_word_that_is_longer_than_the_column_itself")
	s.solo("drain: the first Write gave up at its deadline, the buffers full")

	plain := strings.NewReplacer(bold, "", cyan, "", dim, "", reset, "").Replace(out.String())
	for _, line := range strings.Split(strings.TrimSuffix(plain, "\n"), "\n") {
		assert.LessOrEqual(t, utf8.RuneCountInString(line), 50, "%q", line)
	}
	assert.Contains(t, out.String(), bold+"== Lesson 4", "headings in bold")
	assert.Contains(t, plain, "message from client     \u2502\n  received: client      \u2502\n  data: 12345", "a wrapped line goes on, indented, in its column")
}

func TestALongCommandGoesOnAfterABackslash(t *testing.T) {
	var out bytes.Buffer
	s := &screen{out: &out, width: 40}
	s.command("go run ./lessons/04-conversation/talk-server -delay 1s")
	assert.Equal(t, "   $ go run \\\n       ./lessons/04-conversation/talk-server \\\n       -delay 1s\n", out.String())
}

func TestWrap(t *testing.T) {
	assert.Equal(t, []string{"short"}, wrap("short", 10))
	assert.Equal(t, []string{"one two", "  three"}, wrap("one two three", 9))
	assert.Equal(t, []string{"abcdefgh", "  ij"}, wrap("abcdefghij", 8), "a word longer than the line is cut")
	assert.Equal(t, []string{"a", "  bcdefg", "  hij"}, wrap("a bcdefghij", 8), "a space early in the first line is a place to cut")
}
