package tcpgo

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"tcpgo/internal/fenced"
)

// Every function of the project that a listing calls is shown on the same
// page, in that listing or another (a folded one will do), or on a page
// the page links to: a reader never meets a name the lessons do not
// explain. A diff shows its whole file, one click away on the site.
func TestEveryFunctionAListingCallsIsShownOrLinked(t *testing.T) {
	pages, err := fenced.Pages(".", "docs")
	require.NoError(t, err)
	listings, links := map[string][]listing{}, map[string][]string{}
	for _, page := range pages {
		listings[page], links[page] = readListings(t, page)
	}
	code := &packages{fset: token.NewFileSet(), checked: map[string]*checkedPackage{}}
	for _, page := range pages {
		for _, l := range listings[page] {
			calls, err := code.callsIn(l)
			require.NoError(t, err, "%s:%d", page, l.line)
			for _, c := range calls {
				if !shownOn(page, c, listings, links) {
					t.Errorf("%s:%d: the listing of %s calls %s (%s:%d), which the page neither shows nor links to: show it in a listing, folded if need be, or link to a page that does",
						page, l.line, l.file, c.name, c.file, c.line)
				}
			}
		}
	}
}

// listing is a Go block of a page, and the lines of its file it shows.
type listing struct {
	line  int    // the line of its opening fence, from 1
	file  string // its file, from the root
	lines []span // the lines of the file it shows, from 1
	text  string // what it shows: its region, or a diff's whole new file
}

// span is a run of lines, first and last included.
type span struct{ first, last int }

// shows reports whether the listing shows a function's definition: the
// same text, wherever it comes from, for a step may move a function to
// another file and leave it as it was.
func (l listing) shows(c call) bool {
	return strings.Contains(l.text, c.definition)
}

// A link to another page, or to a section of it, [text](page.md#id), or
// to a source file, [text](../demos/idle/main.go#L10).
var pageLink = regexp.MustCompile(`\]\(([\w./-]+\.(?:md|go))(#[^)]*)?\)`)

// readListings returns the Go listings of a page, and the pages and source
// files it links to.
func readListings(t *testing.T, page string) ([]listing, []string) {
	text, err := os.ReadFile(page)
	require.NoError(t, err)
	blocks, err := fenced.Parse(page, text)
	require.NoError(t, err)
	var listings []listing
	for _, b := range blocks {
		file := b.Attrs["file"]
		if !strings.HasSuffix(file, ".go") {
			continue
		}
		src, err := os.ReadFile(file)
		require.NoError(t, err, "%s:%d", page, b.Line)
		l := listing{line: b.Line, file: file, lines: regionLines(string(src), b.Attrs["region"]), text: string(src)}
		if !fenced.IsDiff(b.Attrs) { // a diff's whole file is one click away
			l.text, err = fenced.Region(string(src), b.Attrs["region"])
			require.NoError(t, err, "%s:%d", page, b.Line)
		}
		listings = append(listings, l)
	}
	var linked []string
	for _, m := range pageLink.FindAllStringSubmatch(string(text), -1) {
		linked = append(linked, path.Join(path.Dir(page), m[1]))
	}
	return listings, linked
}

// regionLines returns the lines of src that a region holds: those between
// its ANCHOR and ANCHOR_END comments, or all of them for no region.
func regionLines(src, region string) []span {
	lines := strings.Split(src, "\n")
	if region == "" {
		return []span{{1, len(lines)}}
	}
	var spans []span
	for i, l := range lines {
		switch strings.TrimSpace(l) {
		case "// ANCHOR: " + region:
			spans = append(spans, span{first: i + 2})
		case "// ANCHOR_END: " + region:
			spans[len(spans)-1].last = i
		}
	}
	return spans
}

// shownOn reports whether a page, or a page it links to, shows the
// definition of a function, or the page links to the function's file.
func shownOn(page string, c call, listings map[string][]listing, links map[string][]string) bool {
	for _, p := range append([]string{page}, links[page]...) {
		if p == c.file || slices.ContainsFunc(listings[p], func(l listing) bool { return l.shows(c) }) {
			return true
		}
	}
	return false
}

// call is a function of the project that a listing calls, and where and
// how the function is defined.
type call struct {
	name       string
	file       string // from the root
	line       int    // of its name
	definition string // from its func keyword to its closing brace
}

// packages type-checks the packages that listings come from, each once.
type packages struct {
	fset    *token.FileSet
	checked map[string]*checkedPackage
}

// checkedPackage is a package parsed and type-checked: what each name
// refers to, and where each of its functions is defined.
type checkedPackage struct {
	files map[string]*ast.File // by path from the root
	info  *types.Info
	pkg   *types.Package
	funcs map[token.Pos]string // the text of each function, by its name's position
}

// callsIn returns the calls a listing shows of functions of its own
// package (the lessons and demos import no package of the project).
func (p *packages) callsIn(l listing) ([]call, error) {
	cp, err := p.check(l.file)
	if err != nil {
		return nil, err
	}
	var calls []call
	ast.Inspect(cp.files[l.file], func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || !slices.ContainsFunc(l.lines, func(s span) bool { return contains(s, p.fset.Position(c.Pos()).Line) }) {
			return true
		}
		if fn := callee(cp.info, c); fn != nil && fn.Pkg() == cp.pkg {
			at := p.fset.Position(fn.Pos())
			c := call{name: fn.Name(), file: relative(at.Filename), line: at.Line, definition: cp.funcs[fn.Pos()]}
			if !slices.Contains(calls, c) {
				calls = append(calls, c)
			}
		}
		return true
	})
	return calls, nil
}

func contains(s span, line int) bool { return s.first <= line && line <= s.last }

// callee is the function or method a call calls, if it calls one by name.
func callee(info *types.Info, c *ast.CallExpr) *types.Func {
	fun := ast.Unparen(c.Fun)
	if index, ok := fun.(*ast.IndexExpr); ok { // a generic function, instantiated
		fun = index.X
	}
	var name *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		name = f
	case *ast.SelectorExpr:
		name = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[name].(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	return fn
}

// check parses and type-checks the package of a file: the files of its
// folder that a build would compile, or the file alone if it is not one
// of them (a program kept beside another, built on its own).
func (p *packages) check(file string) (*checkedPackage, error) {
	dir := filepath.Dir(file)
	names := []string{filepath.Base(file)}
	if bp, err := build.Default.ImportDir(dir, 0); err == nil && slices.Contains(bp.GoFiles, names[0]) {
		names = bp.GoFiles
	}
	key := dir + "/" + strings.Join(names, ",")
	if cp := p.checked[key]; cp != nil {
		return cp, nil
	}
	cp := &checkedPackage{files: map[string]*ast.File{}, info: &types.Info{Uses: map[*ast.Ident]types.Object{}}, funcs: map[token.Pos]string{}}
	var files []*ast.File
	for _, name := range names {
		f, err := parser.ParseFile(p.fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		cp.files[path.Join(filepath.ToSlash(dir), name)] = f
		files = append(files, f)
		if err := p.readFuncs(cp, filepath.Join(dir, name), f); err != nil {
			return nil, err
		}
	}
	// A starter of an exercise may not compile yet: what it calls is
	// known all the same, so type errors are not fatal here.
	// What a listing calls of its own package is known without the
	// packages it imports, which are left empty: that takes no build.
	conf := types.Config{Importer: emptyPackages{}, Error: func(error) {}}
	cp.pkg, _ = conf.Check(dir, p.fset, files, cp.info)
	p.checked[key] = cp
	return cp, nil
}

// readFuncs keeps the text of each function of a file, as a listing
// would show it.
func (p *packages) readFuncs(cp *checkedPackage, file string, f *ast.File) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			start, end := p.fset.Position(fd.Pos()).Offset, p.fset.Position(fd.End()).Offset
			cp.funcs[fd.Name.Pos()] = string(src[start:end])
		}
	}
	return nil
}

// relative names a file by its path from the root, as the pages do.
func relative(file string) string {
	wd, err := os.Getwd()
	if err != nil {
		return file
	}
	if rel, err := filepath.Rel(wd, file); err == nil {
		return filepath.ToSlash(rel)
	}
	return file
}

// emptyPackages imports every package as an empty one.
type emptyPackages struct{}

func (emptyPackages) Import(importPath string) (*types.Package, error) {
	p := types.NewPackage(importPath, path.Base(importPath))
	p.MarkComplete()
	return p, nil
}
