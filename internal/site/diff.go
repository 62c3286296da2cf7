package site

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"regexp"
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
// place, coloured like any code, under a caption that links to the whole
// new file (see writeWholeFiles). body is what the page holds, which must
// be the diff of the sources today.
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
	caption := diffCaption(attrs)
	// No copy button: a diff's lines are not a program. The whole file's
	// page has one.
	fmt.Fprintf(w, "<figure class=\"code diff lang-%s\">\n<figcaption>%s</figcaption>\n<pre class=\"chroma\"><code>", html.EscapeString(lang), caption)
	for i, h := range hunks {
		if i > 0 {
			// The unchanged lines between two changes, left out.
			w.WriteString(`<span class="gap" title="unchanged lines"></span>`)
		}
		writeHunk(w, h, oldLines, newLines)
	}
	w.WriteString("</code></pre>\n</figure>\n")
	return nil
}

// diffCaption names the new file and the one it changed from, after the
// block's title= (such as "step 3 → finished"), when it has one.
func diffCaption(attrs map[string]string) string {
	from, _, _ := strings.Cut(attrs["diff"], "#")
	name := html.EscapeString(attrs["file"])
	if title := attrs["title"]; title != "" {
		name = "<strong>" + html.EscapeString(title) + ":</strong> " + name
	}
	return fmt.Sprintf(`<span>%s <span class="against">changed from %s</span></span><a class="whole-file" href="%s">whole file</a>`,
		name, html.EscapeString(besideFile(attrs["file"], from)), wholeFileURL(attrs["file"]))
}

// besideFile names from by what sets it apart from file, the folders the
// two share left out: "2-errors/main.go" beside "3-shutdown/main.go".
func besideFile(file, from string) string {
	for {
		dir, rest, ok := strings.Cut(from, "/")
		if !ok || !strings.HasPrefix(file, dir+"/") {
			return from
		}
		file, from = strings.TrimPrefix(file, dir+"/"), rest
	}
}

// writeHunk writes the lines of one hunk: an added line inside <ins>, a
// removed one inside <del>, so that the marks mean something to a screen
// reader too, not only to the eye.
func writeHunk(w util.BufWriter, h linediff.Hunk, oldLines, newLines []string) {
	for _, l := range h {
		switch l.Op {
		case linediff.Added:
			w.WriteString(`<ins>` + newLines[l.Index] + `</ins>`)
		case linediff.Removed:
			w.WriteString(`<del>` + oldLines[l.Index] + `</del>`)
		default:
			w.WriteString(newLines[l.Index])
		}
	}
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

// wholeFileURL is the page of the site that shows a file whole.
func wholeFileURL(file string) string {
	return "source-" + strings.ReplaceAll(file, "/", "-") + ".html"
}

// writeWholeFiles writes a page for each file that a diff block shows, or
// that a page links to: the file whole, coloured, with a copy button, one
// click from each diff of it and each link to it.
// A page of its own keeps each lesson page light, however many files its
// steps change. Its previous page is the first page that shows the file.
func writeWholeFiles(root, out string, pages []*Page) error {
	firstShown := map[string]*Page{}
	var files []string
	for _, p := range pages {
		text, err := os.ReadFile(filepath.Join(root, p.Source))
		if err != nil {
			return err
		}
		blocks, err := fenced.Parse(p.Source, text)
		if err != nil {
			return err
		}
		shown := linkedFiles(p.Source, string(text))
		for _, b := range blocks {
			if fenced.IsDiff(b.Attrs) {
				shown = append(shown, b.Attrs["file"])
			}
		}
		for _, f := range shown {
			if firstShown[f] == nil {
				firstShown[f] = p
				files = append(files, f)
			}
		}
	}
	tmpl, err := template.New("page").Parse(pageTemplate)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := writeWholeFile(root, out, tmpl, f, firstShown[f], pages); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	return nil
}

// writeWholeFile writes the page of one file, in the site's template.
func writeWholeFile(root, out string, tmpl *template.Template, file string, shownOn *Page, pages []*Page) error {
	code, err := fenced.FileText(root, map[string]string{"file": file})
	if err != nil {
		return err
	}
	var body bytes.Buffer
	fmt.Fprintf(&body, "<h1 id=\"file\">%s</h1>\n<p>The whole file, whose changes <a href=\"%s\">%s</a> shows.</p>\n",
		html.EscapeString(file), shownOn.URL, html.EscapeString(shownOn.Title))
	w := bufio.NewWriter(&body)
	if err := renderCode(w, strings.TrimPrefix(path.Ext(file), "."), map[string]string{"file": file}, code); err != nil {
		return err
	}
	w.Flush()
	data := struct {
		*Page
		Pages      []*Page
		Prev, Next *Page
	}{Page: &Page{URL: wholeFileURL(file), Title: file, Body: template.HTML(body.String())}, Pages: pages, Prev: shownOn}
	var page bytes.Buffer
	if err := tmpl.Execute(&page, data); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, data.URL), page.Bytes(), 0o644)
}

// sourceLinkText is a Markdown link to a program's source, from a page of
// docs/: [`ticking`](../demos/idle/main.go).
var sourceLinkText = regexp.MustCompile(`\]\((\.\./[^)#\s]+)(#[^)]*)?\)`)

// sourceLink reports whether a link's path, from a page, is a program's
// source: a Go or JavaScript file of the repository.
func sourceLink(path string) bool {
	return strings.HasPrefix(path, "../") && (strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".js"))
}

// linkedFile is the file a page's link names, from the root.
func linkedFile(page, link string) string {
	return path.Join(path.Dir(page), link)
}

// linkedFiles returns the sources a page's text links to, from the root.
func linkedFiles(page, text string) []string {
	var files []string
	for _, m := range sourceLinkText.FindAllStringSubmatch(text, -1) {
		if sourceLink(m[1]) {
			files = append(files, linkedFile(page, m[1]))
		}
	}
	return files
}
