package site

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// paragraphRenderer writes paragraphs as goldmark does, but for one that
// holds a sequence diagram alone: on a narrow screen it scrolls sideways
// (style.css), and a keyboard can scroll only what it can focus, so it
// takes the focus (tabindex), and a name for a screen reader to say
// when it does; the diagram's own text follows.
type paragraphRenderer struct{}

func (paragraphRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindParagraph, renderParagraph)
}

func renderParagraph(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	}
	if diagramAlone(n) {
		w.WriteString(`<p class="diagram" tabindex="0" role="group" aria-label="Diagram">`)
		return ast.WalkContinue, nil
	}
	w.WriteString("<p")
	if n.Attributes() != nil {
		goldhtml.RenderAttributes(w, n, goldhtml.ParagraphAttributeFilter)
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

// diagramAlone says whether a paragraph holds nothing but a diagram.
func diagramAlone(n ast.Node) bool {
	img, ok := n.FirstChild().(*ast.Image)
	return ok && n.ChildCount() == 1 && bytes.HasPrefix(img.Destination, []byte("diagrams/"))
}
