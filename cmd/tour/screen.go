package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
)

// screen lays the tour out for the terminal it is printed on: as wide as
// the terminal (80 columns when the output is not one), long lines wrapped
// inside their column, and colour only on a terminal, never with NO_COLOR.
type screen struct {
	out    io.Writer
	width  int // of the whole line
	colour bool
}

// minWidth is the narrowest layout: two columns of 18.
const minWidth = 40

func newScreen(f *os.File) *screen {
	s := &screen{out: f, width: 80}
	tty := term.IsTerminal(int(f.Fd()))
	if tty {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			s.width = w
		}
	} else if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		s.width = n
	}
	s.width = max(s.width, minWidth)
	// https://no-color.org: any value but the empty string turns colour off.
	s.colour = tty && os.Getenv("NO_COLOR") == ""
	return s
}

// ANSI styles, used only when colour is on.
const (
	bold  = "\x1b[1m"
	cyan  = "\x1b[36m"
	dim   = "\x1b[2m"
	reset = "\x1b[0m"
)

func (s *screen) paint(style, text string) string {
	if !s.colour {
		return text
	}
	return style + text + reset
}

func (s *screen) heading(title string) {
	fmt.Fprintln(s.out)
	for _, line := range wrap("== "+title, s.width) {
		fmt.Fprintln(s.out, s.paint(bold, line))
	}
}

func (s *screen) note(text string) {
	for _, line := range wrap(text, s.width) {
		fmt.Fprintln(s.out, s.paint(dim, line))
	}
}

// command shows a command to type. One too long for the line goes on
// the next after a backslash, as a shell reads it; a word is never cut,
// so that the command still works when pasted.
func (s *screen) command(cmd string) {
	if utf8.RuneCountInString(cmd) <= s.width-5 {
		fmt.Fprintln(s.out, "   $ "+s.paint(cyan, cmd))
		return
	}
	var lines []string
	for _, word := range strings.Fields(cmd) {
		n := len(lines) - 1
		if n >= 0 && utf8.RuneCountInString(lines[n])+1+utf8.RuneCountInString(word) <= s.width-7 {
			lines[n] += " " + word
		} else {
			lines = append(lines, word)
		}
	}
	for i, line := range lines {
		prefix := "   $ "
		if i > 0 {
			prefix = "       "
		}
		if i+1 < len(lines) {
			line += " \\"
		}
		fmt.Fprintln(s.out, prefix+s.paint(cyan, line))
	}
}

// solo prints a line of a program that runs alone, indented.
func (s *screen) solo(line string) {
	for _, part := range wrap(line, s.width-3) {
		fmt.Fprintln(s.out, "   "+part)
	}
}

// The two columns: the server's on the left, the client's on the right,
// with " │ " between them.
func (s *screen) leftWidth() int  { return (s.width - 3) / 2 }
func (s *screen) rightWidth() int { return s.width - 3 - s.leftWidth() }

func (s *screen) columns() {
	l, r := s.leftWidth(), s.rightWidth()
	fmt.Fprintln(s.out, s.paint(bold, pad("server", l))+" │ "+s.paint(bold, "client"))
	fmt.Fprintln(s.out, s.paint(dim, strings.Repeat("─", l)+"─┼─"+strings.Repeat("─", r)))
}

func (s *screen) left(line string) {
	for _, part := range wrap(line, s.leftWidth()) {
		fmt.Fprintln(s.out, pad(part, s.leftWidth())+" │")
	}
}

func (s *screen) right(line string) {
	for _, part := range wrap(line, s.rightWidth()) {
		fmt.Fprintln(s.out, strings.Repeat(" ", s.leftWidth())+" │ "+part)
	}
}

// pad fills text with spaces to width columns.
func pad(text string, width int) string {
	return text + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(text)))
}

// wrap cuts text into lines of at most width runes, at spaces where it can.
// The lines after the first are indented by two spaces, to show that they
// go on from the line above.
func wrap(text string, width int) []string {
	const indent = "  "
	var lines []string
	for utf8.RuneCountInString(text) > width {
		runes := []rune(text)
		cut := strings.LastIndex(string(runes[:width+1]), " ")
		// On a line after the first, the indent is no place to cut.
		start := 0
		if len(lines) > 0 {
			start = len(indent)
		}
		rest := ""
		if cut <= start {
			// One word longer than the line: cut it where the line ends.
			cut = len(string(runes[:width]))
			rest = text[cut:]
		} else {
			rest = strings.TrimLeft(text[cut:], " ")
		}
		lines = append(lines, text[:cut])
		text = indent + rest
	}
	return append(lines, text)
}
