package site

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"path"
	"strings"

	"github.com/yuin/goldmark/util"

	"tcpgo/internal/fenced"
	"tcpgo/internal/highlight"
	"tcpgo/internal/linediff"
)

// diffCSS marks the lines a diff block adds and removes, in both themes.
//
//go:embed assets/diff.css
var diffCSS string

// renderDiff writes a diff block: the lines of the new version around
// each change, the added ones marked, the removed ones marked and kept in
// place, coloured like any code; then the whole new file, folded. body is
// what the page holds, which must be the diff of the sources today.
func (r blockRenderer) renderDiff(w util.BufWriter, attrs map[string]string, body string) error {
	oldText, newText, err := fenced.DiffSources(r.root, attrs)
	if err != nil {
		return fmt.Errorf("%s: %w", attrs["file"], err)
	}
	if want, err := fenced.DiffText(r.root, attrs); err != nil || want != body {
		return fmt.Errorf("the diff of %s against %s differs from its sources: run make docs", attrs["file"], attrs["diff"])
	}
	lang := strings.TrimPrefix(path.Ext(attrs["file"]), ".")
	hunks, err := linediff.Hunks(oldText, newText)
	if err != nil {
		return err
	}
	oldLines, err := highlightedLines(lang, oldText)
	if err != nil {
		return err
	}
	newLines, err := highlightedLines(lang, newText)
	if err != nil {
		return err
	}
	caption := fmt.Sprintf(`<span>%s <span class="against">changed from %s</span></span>`,
		html.EscapeString(attrs["file"]), html.EscapeString(attrs["diff"]))
	// The copy button copies the new version, ready to paste and run.
	caption += fmt.Sprintf(copyButton, ` data-copy="`+html.EscapeString(newText)+`"`)
	fmt.Fprintf(w, "<figure class=\"code diff lang-%s\">\n<figcaption>%s</figcaption>\n<pre class=\"chroma\"><code>", html.EscapeString(lang), caption)
	for i, h := range hunks {
		if i > 0 {
			// The unchanged lines between two changes, left out.
			w.WriteString(`<span class="gap" title="unchanged lines"></span>`)
		}
		writeHunk(w, h, oldLines, newLines)
	}
	w.WriteString("</code></pre>\n</figure>\n")
	return r.writeWholeFile(w, lang, attrs["file"])
}

// writeHunk writes the lines of one hunk: an added line inside <ins>, a
// removed one inside <del>, so that the marks mean something to a screen
// reader too, not only to the eye.
func writeHunk(w util.BufWriter, h linediff.Hunk, oldLines, newLines []string) {
	for _, l := range h {
		switch l.Op {
		case linediff.Added:
			w.WriteString(`<ins class="add">` + newLines[l.Index] + `</ins>`)
		case linediff.Removed:
			w.WriteString(`<del class="del">` + oldLines[l.Index] + `</del>`)
		default:
			w.WriteString(newLines[l.Index])
		}
	}
}

// writeWholeFile writes a diff's new file whole, folded under the diff:
// one click shows what the changes belong to.
func (r blockRenderer) writeWholeFile(w util.BufWriter, lang, file string) error {
	whole, err := fenced.FileText(r.root, map[string]string{"file": file})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "<details class=\"whole-file\">\n<summary>The whole of %s</summary>\n", html.EscapeString(file))
	if err := renderCode(w, lang, map[string]string{"file": file}, whole); err != nil {
		return err
	}
	w.WriteString("</details>\n")
	return nil
}

// lineStart is how package highlight opens each line it writes.
const lineStart = `<span class="line"`

// highlightedLines colours code as a whole, so that a token over several
// lines (a raw string, a comment) is coloured right, and returns the HTML
// of each line: its element, with its line end inside.
func highlightedLines(lang, code string) ([]string, error) {
	var out bytes.Buffer
	if err := highlight.Lines(&out, lang, code); err != nil {
		return nil, err
	}
	// The code itself is escaped, so the only "<span class="line"" are
	// the starts of lines.
	parts := strings.Split(out.String(), lineStart)
	lines := make([]string, 0, len(parts))
	for _, p := range parts[1:] {
		lines = append(lines, lineStart+p)
	}
	if len(lines) != len(linediff.Split(code)) {
		return nil, fmt.Errorf("highlighting made %d lines of %d", len(lines), len(linediff.Split(code)))
	}
	return lines, nil
}
