// Package drift keeps the pages of docs/ true to the code and the tests:
// every embedded block (see package fenced), every sequence diagram and
// every packet ladder (drawn from a capture of docs/wire/) is a copy of a
// source, which Check compares with it and Refresh rewrites it
// from. Check is what the test suite and site -check run; Refresh is
// make docs.
//
// A file block holds its file's region; a console block holds "$ " and
// the command, then the golden section of a testscript file, which the
// test suite compares with what the program really printed. The command
// is the one a reader types; the script runs the same program, with flags
// of its own where it needs them (a free port, a shorter delay). A bench
// block holds what package benchpage writes from the benchmark's results,
// and a diff block the unified diff between its two files.
// The pages stay plain Markdown: an embedded block is an ordinary code
// block.
package drift

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"

	"tcpgo/internal/benchpage"
	"tcpgo/internal/fenced"
)

// Drift is a copy, an embedded block or a diagram, that no longer matches
// its source.
type Drift struct {
	File string // the page or the diagram, relative to the root
	Line int    // where the copy starts in it, from 1
	What string // the copy and its source, in words
	Have string // what the copy holds
	Want string // what its source says it must hold
	Err  error  // set instead of Want when the copy is wrong for another reason
}

func (d Drift) String() string {
	where := fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.What)
	if d.Err != nil {
		return fmt.Sprintf("%s: %v", where, d.Err)
	}
	have := strings.Split(d.Have, "\n")
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
	holder := "the page"
	if !strings.HasSuffix(d.File, ".md") {
		holder = "the file"
	}
	return fmt.Sprintf("%s differs from its source at its line %d: %s has %s, the source %s; run make docs",
		where, i+1, holder, line(have), line(want))
}

// errHoldsCode is the drift of a fill=site block that is not empty.
var errHoldsCode = errors.New("holds code: a fill=site block stays empty in the page, which the site fills from its source; run make docs")

// Check compares every embedded block of the pages in dir, and every
// diagram, with its source.
func Check(root, dir string) ([]Drift, error) {
	pages, err := fenced.Pages(root, dir)
	if err != nil {
		return nil, err
	}
	var drifts []Drift
	for _, page := range pages {
		d, err := checkPage(root, page)
		if err != nil {
			return nil, err
		}
		drifts = append(drifts, d...)
	}
	d, err := checkDiagrams(root, dir)
	if err != nil {
		return nil, err
	}
	drifts = append(drifts, d...)
	d, err = checkLadders(root, dir)
	return append(drifts, d...), err
}

// checkPage compares the embedded blocks of one page with their sources.
func checkPage(root, page string) ([]Drift, error) {
	blocks, err := readBlocks(root, page)
	if err != nil {
		return nil, err
	}
	var drifts []Drift
	for _, b := range blocks {
		if !b.Embedded() {
			continue
		}
		want, err := want(root, b)
		if errors.As(err, new(benchpage.ResultsError)) {
			return nil, fmt.Errorf("%s:%d: %w", page, b.Line, err)
		}
		d := Drift{File: page, Line: b.Line, What: fmt.Sprintf("block %d (%s)", b.Index, b.Source()), Have: b.Body, Want: want, Err: err}
		if err == nil && b.Attrs["fill"] == "site" && b.Body != "" {
			d.Err = errHoldsCode
		}
		if err != nil || want != b.Body {
			drifts = append(drifts, d)
		}
	}
	return drifts, nil
}

// Refresh rewrites every embedded block of the pages in dir from its
// source, and the diagrams, and returns the files it changed.
func Refresh(root, dir string) ([]string, error) {
	pages, err := fenced.Pages(root, dir)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, page := range pages {
		updated, err := refreshPage(root, page)
		if err != nil {
			return nil, err
		}
		if updated {
			changed = append(changed, page)
		}
	}
	d, err := refreshDiagrams(root, dir)
	if err != nil {
		return nil, err
	}
	changed = append(changed, d...)
	d, err = refreshLadders(root, dir)
	return append(changed, d...), err
}

// refreshPage rewrites the embedded blocks of one page, and reports
// whether that changed it.
func refreshPage(root, page string) (bool, error) {
	path := filepath.Join(root, page)
	text, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	blocks, err := fenced.Parse(page, text)
	if err != nil {
		return false, err
	}
	lines := strings.Split(string(text), "\n")
	var out []string
	next := 0
	for _, b := range blocks {
		if !b.Embedded() {
			continue
		}
		want, err := want(root, b)
		if err != nil {
			return false, fmt.Errorf("%s:%d: %s: %w", page, b.Line, b.Source(), err)
		}
		out = append(out, lines[next:b.Start]...)
		if want != "" { // an empty block has no line at all
			out = append(out, strings.Split(strings.TrimSuffix(want, "\n"), "\n")...)
		}
		next = b.End
	}
	out = append(out, lines[next:]...)
	updated := []byte(strings.Join(out, "\n"))
	if bytes.Equal(updated, text) {
		return false, nil
	}
	return true, os.WriteFile(path, updated, 0o644)
}

// readBlocks returns the fenced code blocks of a page under root.
func readBlocks(root, page string) ([]*fenced.Block, error) {
	text, err := os.ReadFile(filepath.Join(root, page))
	if err != nil {
		return nil, err
	}
	return fenced.Parse(page, text)
}

// want is what an embedded block must hold, read from its source under
// root.
func want(root string, b *fenced.Block) (string, error) {
	switch {
	case b.Lang == "bench":
		file := filepath.Join(root, filepath.FromSlash(benchpage.ResultsPath(b.Page)))
		r, err := benchpage.ReadResults(file)
		if err != nil {
			return "", err
		}
		return benchpage.Markdown(r, file, b.Attrs)
	case fenced.IsDiff(b.Attrs):
		return fenced.DiffText(root, b.Attrs)
	case b.Attrs["file"] != "":
		text, err := fenced.FileText(root, b.Attrs)
		if b.Attrs["fill"] == "site" {
			return "", err // its source must exist; the page holds none of it
		}
		return text, err
	}
	out, err := golden(root, b.Attrs["output"])
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

// golden returns a section of a testscript file, named "path#section".
func golden(root, ref string) (string, error) {
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
