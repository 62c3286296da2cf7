package site

import (
	"bytes"
	"html"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeSpanRenderer writes inline code as goldmark does, but keeps each of
// its hyphenated names whole: a browser may break a line after any
// hyphen, and `-write-timeout` cut into "-write-" and "timeout" reads as
// two words, which no CSS property prevents. The names stay text: copied,
// they are the same characters.
type codeSpanRenderer struct{}

func (codeSpanRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindCodeSpan, renderCodeSpan)
}

// A unit of inline code runs up to a space or a slash, after which a
// line may break.
var codeUnit = regexp.MustCompile(`[^\s/]+`)

func renderCodeSpan(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code>")
		return ast.WalkContinue, nil
	}
	var code []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		value := c.(*ast.Text).Segment.Value(src)
		if v, ok := bytes.CutSuffix(value, []byte("\n")); ok {
			value = append(v[:len(v):len(v)], ' ')
		}
		code = append(code, value...)
	}
	w.WriteString("<code>")
	last := 0
	for _, m := range codeUnit.FindAllIndex(code, -1) {
		unit := code[m[0]:m[1]]
		// "-addr" has no hyphen to break after; "-max-conns" has.
		if !bytes.Contains(bytes.Trim(unit, "-"), []byte("-")) {
			continue
		}
		w.WriteString(html.EscapeString(string(code[last:m[0]])))
		w.WriteString(`<span class="whole">` + html.EscapeString(string(code[m[0]:m[1]])) + "</span>")
		last = m[1]
	}
	w.WriteString(html.EscapeString(string(code[last:])))
	return ast.WalkSkipChildren, nil
}
