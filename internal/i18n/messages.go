// Package i18n keeps the site's translations in the gettext way, as
// Comprehensive Rust does with mdbook-i18n-helpers: each paragraph,
// heading, list item, table cell and fold summary of an English page is a
// message, whose text is its Markdown source, inline markup kept. A
// catalogue (a .po file per page) holds each message's translation. Code
// blocks, outputs and diagrams are never messages: a translated page is
// the English page with its messages replaced, so that every block of
// code or output is the same bytes in both editions.
package i18n

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// A Message is a piece of prose of a page, and where it is.
type Message struct {
	ID    string // its Markdown, lines joined by "\n", without their indentation
	Line  int    // the line of the page it starts on, from 1
	start int    // its first byte in the page
	stop  int    // the byte after its last
	// indent is what begins each of its lines after the first in the
	// page: a list item's indentation, a quote's "> ".
	indent string
}

// Messages returns the messages of a page, in reading order.
func Messages(page []byte) []Message {
	body, offset := skipFrontMatter(page)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(body))
	var out []Message
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Heading, *ast.Paragraph, *ast.TextBlock, *east.TableCell:
			if m, ok := blockMessage(n, body); ok {
				out = append(out, m)
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			out = append(out, summaries(n, body)...)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for i := range out {
		out[i].start += offset
		out[i].stop += offset
		out[i].Line = 1 + bytes.Count(page[:out[i].start], []byte("\n"))
	}
	return out
}

// skipFrontMatter returns a page without its front matter ("---\n...\n---\n"),
// and where the rest starts.
func skipFrontMatter(page []byte) ([]byte, int) {
	rest, ok := bytes.CutPrefix(page, []byte("---\n"))
	if !ok {
		return page, 0
	}
	_, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return page, 0
	}
	return body, len(page) - len(body)
}

// blockMessage is the message of a block made of lines of inline text.
func blockMessage(n ast.Node, src []byte) (Message, bool) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return Message{}, false
	}
	var parts []string
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		parts = append(parts, strings.TrimRight(string(seg.Value(src)), " \t\r\n"))
	}
	first, last := lines.At(0), lines.At(lines.Len()-1)
	m := Message{ID: strings.TrimSpace(strings.Join(parts, "\n")), start: first.Start}
	if !hasProse(m.ID) {
		return Message{}, false
	}
	// The source may carry spaces before the text and after it, which the
	// message leaves out: so does its place.
	m.start += len(string(first.Value(src))) - len(strings.TrimLeft(string(first.Value(src)), " \t"))
	m.stop = last.Start + len(strings.TrimRight(string(last.Value(src)), " \t\r\n"))
	if lines.Len() > 1 {
		second := lines.At(1)
		m.indent = string(src[lineStart(src, second.Start):second.Start])
	}
	return m, true
}

// A code span, whose text is never translated.
var codeSpan = regexp.MustCompile("`[^`]*`")

// hasProse reports whether a text holds words outside its code spans: a
// table cell that is code alone is the same in every language.
func hasProse(s string) bool {
	return strings.ContainsFunc(codeSpan.ReplaceAllString(s, ""), unicode.IsLetter)
}

// lineStart is where the line that holds byte i starts.
func lineStart(src []byte, i int) int {
	return bytes.LastIndexByte(src[:i], '\n') + 1
}

// A fold's one-line summary, the only prose of the pages' raw HTML.
var summaryTag = regexp.MustCompile(`<summary>(.+?)</summary>`)

// summaries are the messages of a raw HTML block: the text of its
// <summary> lines, markup kept.
func summaries(n ast.Node, src []byte) []Message {
	var out []Message
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		line := seg.Value(src)
		if loc := summaryTag.FindSubmatchIndex(line); loc != nil {
			out = append(out, Message{ID: string(line[loc[2]:loc[3]]), start: seg.Start + loc[2], stop: seg.Start + loc[3]})
		}
	}
	return out
}

// Translate returns the page with each message replaced by what
// translation returns for it; a message it has no translation for
// (ok false) stays as it is, and is listed in missing.
func Translate(page []byte, translation func(id string) (string, bool)) (out []byte, missing []Message) {
	msgs := Messages(page)
	var b bytes.Buffer
	at := 0
	for _, m := range msgs {
		tr, ok := translation(m.ID)
		if !ok {
			missing = append(missing, m)
			continue
		}
		b.Write(page[at:m.start])
		b.WriteString(strings.ReplaceAll(tr, "\n", "\n"+m.indent))
		at = m.stop
	}
	b.Write(page[at:])
	return b.Bytes(), missing
}
