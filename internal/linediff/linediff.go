// Package linediff compares two versions of a listing line by line: as a
// unified diff, the text a Markdown page holds, and as hunks of marked
// lines, which the site draws.
//
// The comparison is go-difflib's SequenceMatcher, a port of Python's
// difflib: it pairs the longest run of unchanged lines first, then does
// the same on either side of it, so a lone brace or a blank line does not
// tie two unrelated blocks together, and a diff of two steps of a program
// reads as the edit a person made.
package linediff

import (
	"errors"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// Context is how many unchanged lines a hunk keeps around each change, as
// in diff -u: enough to see where the change sits.
const Context = 3

// Op says what a line of a hunk is.
type Op byte

const (
	Same    Op = ' ' // in both versions
	Removed Op = '-' // in the old version only
	Added   Op = '+' // in the new version only
)

// Line is one line of a hunk: its kind and its index in the version it
// comes from (the old one for Removed, the new one otherwise).
type Line struct {
	Op    Op
	Index int
}

// Hunk is a run of changes with the unchanged lines around them.
type Hunk []Line

// ErrSame is returned for two versions that do not differ: a diff of them
// would show nothing.
var ErrSame = errors.New("the two versions are the same")

// Split returns the lines of a text, without their line ends.
func Split(text string) []string {
	if text == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// Hunks compares two texts and returns the hunks of their differences,
// each with Context unchanged lines around it.
func Hunks(oldText, newText string) ([]Hunk, error) {
	m := difflib.NewMatcher(Split(oldText), Split(newText))
	groups := m.GetGroupedOpCodes(Context)
	if len(groups) == 0 {
		return nil, ErrSame
	}
	hunks := make([]Hunk, 0, len(groups))
	for _, group := range groups {
		var h Hunk
		for _, c := range group {
			h = append(h, opLines(c)...)
		}
		hunks = append(hunks, h)
	}
	return hunks, nil
}

// opLines turns one of difflib's operations into marked lines: a
// replacement is the old lines removed, then the new ones added.
func opLines(c difflib.OpCode) []Line {
	var lines []Line
	if c.Tag == 'e' {
		for j := c.J1; j < c.J2; j++ {
			lines = append(lines, Line{Same, j})
		}
		return lines
	}
	for i := c.I1; i < c.I2; i++ { // 'r' and 'd'
		lines = append(lines, Line{Removed, i})
	}
	for j := c.J1; j < c.J2; j++ { // 'r' and 'i'
		lines = append(lines, Line{Added, j})
	}
	return lines
}

// Unified returns the unified diff (diff -u) that turns oldText, named
// oldName, into newText, named newName.
func Unified(oldName, newName, oldText, newText string) (string, error) {
	diff, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        withEnds(oldText),
		B:        withEnds(newText),
		FromFile: oldName,
		ToFile:   newName,
		Context:  Context,
	})
	if err == nil && diff == "" {
		err = ErrSame
	}
	return diff, err
}

// withEnds returns the lines of a text, each with its line end, as
// difflib's unified diff writes them.
func withEnds(text string) []string {
	lines := Split(text)
	for i := range lines {
		lines[i] += "\n"
	}
	return lines
}
