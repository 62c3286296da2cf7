package site

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// tableLabeler gives each cell of a table's body its column's heading, as
// data-label: on a phone, a table of many columns shows each row as a
// card, a cell a line, with the heading in front of it (style.css), so
// that it fits the screen instead of hiding its last columns off to the
// side.
type tableLabeler struct{}

func (tableLabeler) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		table, ok := n.(*east.Table)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var labels []string
		for row := table.FirstChild(); row != nil; row = row.NextSibling() {
			cell := row.FirstChild()
			for i := 0; cell != nil; i, cell = i+1, cell.NextSibling() {
				if row.Kind() == east.KindTableHeader {
					labels = append(labels, nodeText(cell, src))
				} else if i < len(labels) && labels[i] != "" {
					cell.SetAttributeString("data-label", []byte(labels[i]))
				}
			}
		}
		return ast.WalkSkipChildren, nil
	})
}
