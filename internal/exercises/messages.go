package exercises

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// CheckerMessages are what a checker (check_test.go) can say: the format
// strings of its t.Fatalf, t.Errorf and t.Logf, of the fmt.Sprintf that
// build a part of one, and of its own functions that take a format (a
// parameter named format); its hints (constants); and the strings it
// assigns, returns or lists in a table of cases, to fill a message in.
func CheckerMessages(path string) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		return nil, err
	}
	// Type-checked for the values of constants and their sums.
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Error: func(error) {}} // its imports unresolved: the strings' values are known all the same
	conf.Check("checker", fset, []*ast.File{f}, info)
	formats := formatParameters(f)
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		for _, e := range messageExprs(n, formats) {
			tv, ok := info.Types[e]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
				continue
			}
			// Words have spaces; what ends in a newline is a server's
			// answer, data, not words to the learner.
			s := constant.StringVal(tv.Value)
			if strings.ContainsRune(s, ' ') && !strings.HasSuffix(s, "\n") && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return true
	})
	return out, nil
}

// formatParameters are the checker's functions that take a format, and
// where: checkFail(t, hint, format string, args ...any) is checkFail: 2.
func formatParameters(f *ast.File) map[string]int {
	out := map[string]int{}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok {
			continue
		}
		i := 0
		for _, field := range fn.Type.Params.List {
			for _, name := range field.Names {
				if name.Name == "format" {
					out[fn.Name.Name] = i
				}
				i++
			}
		}
	}
	return out
}

// messageExprs are the expressions of a node that may be words to the
// learner. A table of cases counts (a struct's fields, or the rows of a
// slice of structs), a list of strings does not: it holds data.
func messageExprs(n ast.Node, formats map[string]int) []ast.Expr {
	switch n := n.(type) {
	case *ast.CallExpr:
		switch fun := n.Fun.(type) {
		case *ast.SelectorExpr:
			switch fun.Sel.Name {
			case "Fatalf", "Errorf", "Logf", "Sprintf":
				return n.Args[:min(1, len(n.Args))]
			}
		case *ast.Ident:
			if i, ok := formats[fun.Name]; ok && i < len(n.Args) {
				return n.Args[i : i+1]
			}
		}
	case *ast.ValueSpec:
		return n.Values
	case *ast.AssignStmt:
		return n.Rhs
	case *ast.ReturnStmt:
		return n.Results
	case *ast.CompositeLit:
		if _, list := n.Type.(*ast.ArrayType); list {
			return nil
		}
		var out []ast.Expr
		for _, e := range n.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				e = kv.Value
			}
			out = append(out, e)
		}
		return out
	}
	return nil
}
