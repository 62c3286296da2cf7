package site

import (
	"bytes"
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// paragraphRenderer writes paragraphs as goldmark does, but for one that
// holds a sequence diagram alone: on a narrow screen it scrolls sideways
// (style.css), and a keyboard can scroll only what it can focus, so it
// takes the focus (tabindex), named for a screen reader by the diagram.
type paragraphRenderer struct{}

func (paragraphRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindParagraph, renderParagraph)
}

func renderParagraph(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	}
	if alt, ok := diagramAlone(n, src); ok {
		w.WriteString(`<p class="diagram" tabindex="0" role="group" aria-label="` + html.EscapeString(alt) + `">`)
		return ast.WalkContinue, nil
	}
	w.WriteString("<p")
	if n.Attributes() != nil {
		goldhtml.RenderAttributes(w, n, goldhtml.ParagraphAttributeFilter)
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

// diagramAlone says whether a paragraph holds nothing but a diagram, and
// returns its alternative text.
func diagramAlone(n ast.Node, src []byte) (string, bool) {
	img, ok := n.FirstChild().(*ast.Image)
	if !ok || n.ChildCount() != 1 || !bytes.HasPrefix(img.Destination, []byte("diagrams/")) {
		return "", false
	}
	return nodeText(img, src), true
}
