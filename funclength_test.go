package tcpgo

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// starter is the path of an exercise's starter, the learner's to change.
var starter = regexp.MustCompile(`^lessons/[^/]+/exercises/[^/]+/main\.go$`)

// A function that needs more than a hundred lines does more than one
// thing, and a reader has to hold all of it at once: split it into the
// steps it takes. Every Go file counts, tests and exercises included.
func TestNoFunctionIsOverAHundredLines(t *testing.T) {
	const most = 100
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go"):
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil && starter.MatchString(filepath.ToSlash(path)) {
			return nil // a learner's half-done exercise
		}
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			first, last := fset.Position(fn.Pos()), fset.Position(fn.End())
			if lines := last.Line - first.Line + 1; lines > most {
				t.Errorf("%s:%d: %s is %d lines long, over %d: split it into the steps it takes", path, first.Line, fn.Name.Name, lines, most)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
