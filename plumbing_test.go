package tcpgo

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// funcCopy is one function of an addr.go: the file it is in, and its
// source, doc comment included.
type funcCopy struct {
	file, source string
}

// TestAddressPlumbingIsTheSameInEveryLesson keeps the copies of the
// address plumbing alike. Each lesson carries its own addr.go, so that a
// learner reads one lesson at a time; a function of the same name must
// then read the same, word for word, in every lesson that has it.
func TestAddressPlumbingIsTheSameInEveryLesson(t *testing.T) {
	files := addrFiles(t)
	first := map[string]funcCopy{}
	shared := 0
	for _, file := range files {
		funcs := addrFuncs(t, file)
		holdsItsKind(t, file, funcs)
		for name, source := range funcs {
			reference, seen := first[name]
			if !seen {
				first[name] = funcCopy{file, source}
				continue
			}
			shared++
			if source != reference.source {
				line, inReference, inCopy := firstDifference(reference.source, source)
				t.Errorf("%s differs between %s and %s, from line %d of the function:\n  %s: %s\n  %s: %s",
					name, reference.file, file, line, reference.file, inReference, file, inCopy)
			}
		}
	}
	// With no function in two files, the test would pass without
	// having compared anything: the files moved, or were renamed.
	if shared == 0 {
		t.Fatalf("no function is shared by two of %q: nothing was compared", files)
	}
}

// plumbing is what the addr.go of a server, and of a client, holds: all
// of it, and nothing else. A copy that lost a function, and had it
// rewritten elsewhere, would escape the comparison otherwise.
var plumbing = map[string][]string{
	"server": {"checkAddr", "listen", "reason", "writeAddrFile"},
	"client": {"checkAddr", "closeWrite", "dial"},
}

// holdsItsKind fails unless file holds the plumbing of a server (it
// listens) or of a client, exactly.
func holdsItsKind(t *testing.T, file string, funcs map[string]string) {
	t.Helper()
	kind := "client"
	if _, ok := funcs["listen"]; ok {
		kind = "server"
	}
	names := slices.Sorted(maps.Keys(funcs))
	if !slices.Equal(names, plumbing[kind]) {
		t.Errorf("%s holds %v; the addr.go of a %s holds %v", file, names, kind, plumbing[kind])
	}
}

// addrFiles is every addr.go under lessons/, in a set order.
func addrFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("lessons", func(path string, entry fs.DirEntry, err error) error {
		if err == nil && !entry.IsDir() && entry.Name() == "addr.go" {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// addrFuncs maps the name of each function in file to its source, from
// the doc comment to the closing brace.
func addrFuncs(t *testing.T, file string) map[string]string {
	t.Helper()
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	parsed, err := parser.ParseFile(fset, file, text, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]string{}
	for _, decl := range parsed.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		start := fn.Pos()
		if fn.Doc != nil {
			start = fn.Doc.Pos()
		}
		funcs[fn.Name.Name] = string(text[fset.Position(start).Offset:fset.Position(fn.End()).Offset])
	}
	return funcs
}

// firstDifference is the number of the first line where two sources
// part, counted from 1, and that line as each has it.
func firstDifference(a, b string) (int, string, string) {
	linesA, linesB := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(linesA), len(linesB)) {
		lineA, lineB := lineAt(linesA, i), lineAt(linesB, i)
		if lineA != lineB {
			return i + 1, strings.TrimSpace(lineA), strings.TrimSpace(lineB)
		}
	}
	return 0, "", ""
}

// lineAt is line i of lines, or a note that there is none.
func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(the function has ended)"
}

// TestDurationFlagIsTheSameInEveryProgram keeps the copies of
// duration.go alike: each program with a duration flag carries its own,
// so that a lesson reads on its own, and all say the same to a user.
func TestDurationFlagIsTheSameInEveryProgram(t *testing.T) {
	files, err := filepath.Glob("*/*/duration.go")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("lessons/*/*/duration.go")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	if len(files) < 2 {
		t.Fatalf("duration.go in %q: nothing to compare", files)
	}
	reference, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files[1:] {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if line, inReference, inCopy := firstDifference(string(reference), string(text)); line > 0 {
			t.Errorf("%s and %s differ from line %d:\n  %s\n  %s", files[0], file, line, inReference, inCopy)
		}
	}
}
