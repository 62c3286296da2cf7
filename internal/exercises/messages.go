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
// strings of its t.Fatalf, t.Errorf and t.Logf, its hints (constants),
// and the strings it assigns to fill a message in.
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
	var out []string
	add := func(e ast.Expr) {
		if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			// Words have spaces; what ends in a newline is a server's
			// answer, data, not words to the learner.
			s := constant.StringVal(tv.Value)
			if strings.ContainsRune(s, ' ') && !strings.HasSuffix(s, "\n") && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && len(n.Args) > 0 {
				switch sel.Sel.Name {
				case "Fatalf", "Errorf", "Logf":
					add(n.Args[0])
				}
			}
		case *ast.ValueSpec:
			for _, v := range n.Values {
				add(v)
			}
		case *ast.AssignStmt:
			for _, v := range n.Rhs {
				add(v)
			}
		}
		return true
	})
	return out, nil
}
