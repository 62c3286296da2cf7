package exercises

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A vetFinding is one mistake go vet found.
type vetFinding struct {
	analyzer string // "waitgroup"
	where    string // "main.go:30:3"
	message  string // vet's words
}

// vetFindings reads go vet -json's output: for each package (the
// exercise, and the exercise with its checker), for each analyzer, the
// places it found. The checker's own file is not the learner's concern.
// vet names a file put in place of main.go (Options.Main) by its own
// path: it is main.go to the learner.
func vetFindings(out []byte, dir, main string) []vetFinding {
	var found []vetFinding
	dec := json.NewDecoder(bytes.NewReader(jsonOnly(out)))
	for {
		var pkgs map[string]map[string]json.RawMessage
		if dec.Decode(&pkgs) != nil {
			break
		}
		for _, analyzers := range pkgs {
			for analyzer, raw := range analyzers {
				var diags []struct{ Posn, Message string }
				if json.Unmarshal(raw, &diags) != nil {
					continue // {"error": …}: the analyzer could not run
				}
				for _, d := range diags {
					where := d.Posn
					if main != "" {
						if rest, ok := strings.CutPrefix(where, main+":"); ok {
							where = filepath.Join(dir, "main.go") + ":" + rest
						}
					}
					f := vetFinding{analyzer, relative(dir, where), d.Message}
					if !strings.HasPrefix(f.where, "check_test.go") && !slices.Contains(found, f) {
						found = append(found, f)
					}
				}
			}
		}
	}
	slices.SortFunc(found, func(a, b vetFinding) int { return strings.Compare(a.where, b.where) })
	return found
}

// jsonOnly drops the "# package" lines go vet prints before each
// package's JSON.
func jsonOnly(out []byte) []byte {
	var b bytes.Buffer
	for line := range bytes.Lines(out) {
		if !bytes.HasPrefix(line, []byte("#")) {
			b.Write(line)
		}
	}
	return b.Bytes()
}

// whyVet says, for the analyzers a learner meets in these lessons, why
// what vet found is a bug although it compiles.
var whyVet = map[string]string{
	"waitgroup": "wg.Add runs inside the goroutine it counts, so wg.Wait can return before that goroutine " +
		"has even started: call wg.Add(1) before the go statement, or let wg.Go start the goroutine.",
	"copylocks": "a sync.Mutex or sync.WaitGroup is copied, and the copy counts or locks on its own: " +
		"pass a pointer to it instead.",
	"lostcancel": "the cancel function of a context is never called on some path, so the context, " +
		"and whatever waits on it, is kept until its parent ends: defer cancel().",
	"loopclosure": "a goroutine started in a loop uses the loop's variable after the loop has moved on.",
	"printf":      "a format and its arguments do not agree.",
	"unusedresult": "the result of a call is thrown away, though the call does nothing else: " +
		"use what it returns.",
	"errorsas": "errors.As needs a pointer to a variable of the error's type.",
}

// vetSaid explains what vet found, with the exercise's hint.
func vetSaid(found []vetFinding, hints map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "go vet found a mistake that compiles but is a bug:\n")
	explained := map[string]bool{}
	for _, f := range found {
		fmt.Fprintf(&b, "  %s: %s\n", f.where, f.message)
	}
	for _, f := range found {
		if why := whyVet[f.analyzer]; why != "" && !explained[f.analyzer] {
			explained[f.analyzer] = true
			b.WriteString(why + "\n")
		}
	}
	b.WriteString(hint(hints, "vetHint"))
	return strings.TrimSpace(b.String())
}

// readHints reads the string constants of a checker: checkHint, the
// hint of most failures, and raceHint and vetHint, the hints for a race
// and for what vet finds. Each is a string literal, or literals joined
// with +.
func readHints(checker string) map[string]string {
	hints := map[string]string{}
	file, err := parser.ParseFile(token.NewFileSet(), checker, nil, parser.SkipObjectResolution)
	if err != nil {
		return hints
	}
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i < len(vs.Values) && strings.HasSuffix(name.Name, "Hint") {
					if s, ok := stringValue(vs.Values[i]); ok {
						hints[name.Name] = s
					}
				}
			}
		}
	}
	return hints
}

// stringValue evaluates a string literal, or literals joined with +.
func stringValue(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok1 := stringValue(e.X)
		y, ok2 := stringValue(e.Y)
		return x + y, ok1 && ok2
	case *ast.ParenExpr:
		return stringValue(e.X)
	}
	return "", false
}
