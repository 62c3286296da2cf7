package site

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"tcpgo/internal/search"
)

// sections cuts a page's text at its headings of levels 2 and 3, for the
// search: each section's prose and code, kept apart, for a result shows
// a sentence of prose before a line of code.
func sections(doc ast.Node, src []byte, title string) []search.Section {
	out := []search.Section{{Title: title}}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 3 {
			// The title heads the first section: its words are there.
			if h.Level > 1 {
				out = append(out, search.Section{ID: headingID(h), Title: nodeText(h, src)})
			}
			continue
		}
		var text searchText
		text.add(n, src)
		last := &out[len(out)-1]
		last.Prose += text.prose.String()
		last.Code += text.code.String()
	}
	return out
}

// searchText is the text of a part of a page, as the search reads it: its
// prose a paragraph, list item or table row a line, and its code as it
// is, a line a line.
type searchText struct {
	prose strings.Builder
	code  strings.Builder
	line  strings.Builder // the prose line being read
}

// tags are the HTML tags of a raw block, such as a fold's <summary>.
var tags = regexp.MustCompile(`<[^>]*>`)

// add reads a node and all it holds.
func (t *searchText) add(n ast.Node, src []byte) {
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		switch c := c.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				t.addCode(c, src)
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if entering {
				t.addHTML(c, src)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				t.line.Write(c.Segment.Value(src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					t.line.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				t.line.Write(c.Value)
			}
		case *east.TableCell:
			// A table row reads as one line, its cells apart.
			if !entering {
				t.line.WriteString(" — ")
			}
			return ast.WalkContinue, nil
		}
		if c.Type() == ast.TypeBlock && !entering {
			t.endLine()
		}
		return ast.WalkContinue, nil
	})
	t.endLine()
}

// endLine ends the prose line being read, its spaces tidied, if it holds
// anything.
func (t *searchText) endLine() {
	line := strings.Join(strings.Fields(t.line.String()), " ")
	line = strings.TrimSuffix(line, " —")
	t.line.Reset()
	if line != "" {
		t.prose.WriteString(line)
		t.prose.WriteByte('\n')
	}
}

// addCode reads the lines of a code block.
func (t *searchText) addCode(n ast.Node, src []byte) {
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		t.code.Write(line.Value(src))
	}
	if s := t.code.String(); s != "" && !strings.HasSuffix(s, "\n") {
		t.code.WriteByte('\n')
	}
}

// addHTML reads the words of a raw HTML block, such as the one-line
// summary of a fold.
func (t *searchText) addHTML(n ast.Node, src []byte) {
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		t.line.WriteString(tags.ReplaceAllString(string(line.Value(src)), " "))
		t.endLine()
	}
}
