// Package docs keeps the Markdown pages in docs/ true to the code and the
// tests, and renders them into a static site.
//
// A fenced code block whose info string names a source is an embedded
// block: its body is a copy of that source, which Refresh rewrites and
// Check compares. Two kinds exist:
//
//	```go file=lessons/02-client/main.go region=dial
//	```console cmd="go run ./lessons/02-client" output=testdata/script/client_echo.txtar#client.stdout
//
// A file block holds the lines between "ANCHOR: dial" and "ANCHOR_END: dial"
// comments in the file (the whole file without region=), with the anchor
// lines left out and the common indentation removed. A console block holds
// "$ " and the command, then the golden section of a testscript file, which
// the test suite compares with what the program really printed. The command
// is the one a reader types; the script runs the same program, with flags
// of its own where it needs them (a free port, a shorter delay). The pages
// stay plain Markdown: an embedded block is an ordinary code block.
//
// A file block with fill=site stays empty in the Markdown, and the site
// fills it when it renders the page: a solution folded under an exercise
// is not in the way of a reader who reads the page as plain text.
//
//	```go file=lessons/02-client/exercises/1-send/solution/main.go region=send fill=site
//
// A third kind, a bench block, is written from the benchmark's results (see
// bench.go):
//
//	```bench show=table
package docs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// Block is one fenced code block of a page.
type Block struct {
	Page  string            // the page's path, relative to the root
	Line  int               // line of the opening fence, from 1
	Index int               // its number among the page's embedded blocks, from 1
	Info  string            // the info string as written
	Lang  string            // the first word of the info string
	Attrs map[string]string // key=value pairs after the language
	Body  string            // what the page holds between the fences
	start int               // index of the first body line
	end   int               // index of the closing fence line
}

// Embedded reports whether the block is a copy of a source.
func (b *Block) Embedded() bool {
	return b.Attrs["file"] != "" || b.Attrs["output"] != "" || b.Lang == "bench"
}

// Source names what the block is copied from, for messages.
func (b *Block) Source() string {
	if b.Lang == "bench" {
		return b.Info // its errors name the results file
	}
	if f := b.Attrs["file"]; f != "" {
		if r := b.Attrs["region"]; r != "" {
			return f + " region " + r
		}
		return f
	}
	return b.Attrs["output"]
}

var fence = regexp.MustCompile("^(`{3,})(.*)$")

// ParseBlocks returns the fenced code blocks of a page's text.
func ParseBlocks(page string, text []byte) ([]*Block, error) {
	lines := strings.Split(string(text), "\n")
	var blocks []*Block
	embedded := 0
	for i := 0; i < len(lines); i++ {
		m := fence.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		info := strings.TrimSpace(m[2])
		lang, attrs, err := ParseInfo(info)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", page, i+1, err)
		}
		b := &Block{Page: page, Line: i + 1, Info: info, Lang: lang, Attrs: attrs, start: i + 1, end: -1}
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], m[1]) && strings.Trim(lines[j], "`") == "" {
				b.end = j
				break
			}
		}
		if b.end < 0 {
			return nil, fmt.Errorf("%s:%d: code block is never closed", page, i+1)
		}
		b.Body = strings.Join(lines[b.start:b.end], "\n")
		if b.end > b.start {
			b.Body += "\n"
		}
		if b.Embedded() {
			embedded++
			b.Index = embedded
		}
		blocks = append(blocks, b)
		i = b.end
	}
	return blocks, nil
}

// ParseInfo splits an info string into its language and key=value
// attributes; a value may be double-quoted to hold spaces.
func ParseInfo(info string) (string, map[string]string, error) {
	attrs := map[string]string{}
	lang, rest, _ := strings.Cut(info, " ")
	rest = strings.TrimSpace(rest)
	for rest != "" {
		key, after, ok := strings.Cut(rest, "=")
		if !ok || key == "" || strings.ContainsAny(key, " \"") {
			return "", nil, fmt.Errorf("bad attribute in %q: want key=value", info)
		}
		var value string
		if strings.HasPrefix(after, `"`) {
			closing := strings.Index(after[1:], `"`)
			if closing < 0 {
				return "", nil, fmt.Errorf("unclosed quote in %q", info)
			}
			value, after = after[1:closing+1], after[closing+2:]
		} else {
			value, after, _ = strings.Cut(after, " ")
		}
		attrs[key] = value
		rest = strings.TrimSpace(after)
	}
	return lang, attrs, nil
}

// Want is what an embedded block must hold, read from its source under root.
func Want(root string, b *Block) (string, error) {
	if b.Lang == "bench" {
		return benchWant(root, b)
	}
	if b.Attrs["file"] != "" {
		text, err := fill(root, b.Attrs)
		if b.Attrs["fill"] == "site" {
			return "", err // its source must exist; the page holds none of it
		}
		return text, err
	}
	out, err := Golden(root, b.Attrs["output"])
	if err != nil {
		return "", err
	}
	var want strings.Builder
	if cmd := b.Attrs["cmd"]; cmd != "" {
		want.WriteString("$ " + cmd + "\n")
	}
	want.WriteString(out)
	return want.String(), nil
}

// fill is what a file block shows: its file's region.
func fill(root string, attrs map[string]string) (string, error) {
	if f := attrs["fill"]; f != "" && f != "site" {
		return "", fmt.Errorf("fill=%s: the only value is fill=site", f)
	}
	src, err := os.ReadFile(filepath.Join(root, attrs["file"]))
	if err != nil {
		return "", err
	}
	return Region(string(src), attrs["region"])
}

var anchor = regexp.MustCompile(`^\s*//\s*ANCHOR(_END)?:\s*(\S+)\s*$`)

// Region returns the lines of src between the markers of the named region,
// or all of src when name is empty, without any anchor lines and with the
// indentation they share removed.
func Region(src, name string) (string, error) {
	var kept []string
	inside, found, closed := name == "", false, false
	for _, line := range strings.Split(strings.TrimSuffix(src, "\n"), "\n") {
		if m := anchor.FindStringSubmatch(line); m != nil {
			if m[2] == name {
				if m[1] == "" {
					inside, found = true, true
				} else {
					inside, closed = false, true
				}
			}
			continue
		}
		if inside {
			kept = append(kept, line)
		}
	}
	if name != "" && !found {
		return "", fmt.Errorf("no ANCHOR: %s", name)
	}
	if name != "" && !closed {
		return "", fmt.Errorf("ANCHOR: %s has no ANCHOR_END", name)
	}
	for len(kept) > 0 && strings.TrimSpace(kept[0]) == "" {
		kept = kept[1:]
	}
	for len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
		kept = kept[:len(kept)-1]
	}
	return dedent(kept), nil
}

func dedent(lines []string) string {
	prefix := ""
	first := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = indent, false
			continue
		}
		for !strings.HasPrefix(indent, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(strings.TrimPrefix(l, prefix) + "\n")
	}
	return out.String()
}

// Golden returns a section of a testscript file, named "path#section".
func Golden(root, ref string) (string, error) {
	path, section, ok := strings.Cut(ref, "#")
	if !ok {
		return "", fmt.Errorf("output=%s: want file.txtar#section", ref)
	}
	archive, err := txtar.ParseFile(filepath.Join(root, path))
	if err != nil {
		return "", err
	}
	for _, f := range archive.Files {
		if f.Name == section {
			return string(f.Data), nil
		}
	}
	return "", fmt.Errorf("%s has no section %q", path, section)
}

// Drift is an embedded block that no longer matches its source.
type Drift struct {
	Block *Block
	Want  string
	Err   error // set when the source itself could not be read
}

func (d Drift) String() string {
	b := d.Block
	where := fmt.Sprintf("%s:%d: block %d (%s)", b.Page, b.Line, b.Index, b.Source())
	if d.Err != nil {
		return fmt.Sprintf("%s: %v", where, d.Err)
	}
	if b.Attrs["fill"] == "site" {
		return fmt.Sprintf("%s holds code: a fill=site block stays empty in the page, which the site fills from its source; run make docs", where)
	}
	have := strings.Split(b.Body, "\n")
	want := strings.Split(d.Want, "\n")
	i := 0
	for i < len(have) && i < len(want) && have[i] == want[i] {
		i++
	}
	line := func(s []string) string {
		if i < len(s) {
			return fmt.Sprintf("%q", s[i])
		}
		return "nothing"
	}
	return fmt.Sprintf("%s differs from its source at its line %d: the page has %s, the source %s; run make docs",
		where, i+1, line(have), line(want))
}

// Pages lists the Markdown pages of dir, relative to root.
func Pages(root, dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(root, dir, "*.md"))
	if err != nil {
		return nil, err
	}
	var pages []string
	for _, m := range matches {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			return nil, err
		}
		pages = append(pages, filepath.ToSlash(rel))
	}
	slices.Sort(pages)
	return pages, nil
}

// Check compares every embedded block of the pages in dir with its source.
func Check(root, dir string) ([]Drift, error) {
	pages, err := Pages(root, dir)
	if err != nil {
		return nil, err
	}
	var drifts []Drift
	for _, page := range pages {
		text, err := os.ReadFile(filepath.Join(root, page))
		if err != nil {
			return nil, err
		}
		blocks, err := ParseBlocks(page, text)
		if err != nil {
			return nil, err
		}
		for _, b := range blocks {
			if !b.Embedded() {
				continue
			}
			want, err := Want(root, b)
			if errors.As(err, new(resultsError)) {
				return nil, fmt.Errorf("%s:%d: %w", page, b.Line, err)
			}
			if err != nil || want != b.Body {
				drifts = append(drifts, Drift{Block: b, Want: want, Err: err})
			}
		}
	}
	d, err := checkDiagrams(root, dir)
	return append(drifts, d...), err
}

// Refresh rewrites every embedded block of the pages in dir from its
// source, and the diagrams, and returns the files it changed.
func Refresh(root, dir string) ([]string, error) {
	pages, err := Pages(root, dir)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, page := range pages {
		path := filepath.Join(root, page)
		text, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		blocks, err := ParseBlocks(page, text)
		if err != nil {
			return nil, err
		}
		lines := strings.Split(string(text), "\n")
		var out []string
		next := 0
		for _, b := range blocks {
			if !b.Embedded() {
				continue
			}
			want, err := Want(root, b)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %s: %w", page, b.Line, b.Source(), err)
			}
			out = append(out, lines[next:b.start]...)
			if want != "" { // an empty block has no line at all
				out = append(out, strings.Split(strings.TrimSuffix(want, "\n"), "\n")...)
			}
			next = b.end
		}
		out = append(out, lines[next:]...)
		updated := []byte(strings.Join(out, "\n"))
		if !bytes.Equal(updated, text) {
			if err := os.WriteFile(path, updated, 0o644); err != nil {
				return nil, err
			}
			changed = append(changed, page)
		}
	}
	d, err := refreshDiagrams(root, dir)
	return append(changed, d...), err
}
