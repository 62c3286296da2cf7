package site

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// renderPage turns one Markdown page into HTML.
func renderPage(root, src string, bench *benchResults) (*Page, error) {
	raw, err := os.ReadFile(filepath.Join(root, src))
	if err != nil {
		return nil, err
	}
	return renderMarkdown(root, src, raw, bench, nil)
}

// renderMarkdown turns the Markdown of a page into HTML, in English, or in
// the language of ed.
func renderMarkdown(root, src string, raw []byte, bench *benchResults, ed *edition) (*Page, error) {
	meta, body, err := frontMatter(raw)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(src), ".md")
	if meta["title"] != "" {
		return nil, fmt.Errorf("front matter: title: the page's # heading is its title, in the sidebar too")
	}
	p := &Page{Source: src, URL: name + ".html"}
	if o := meta["order"]; o != "" {
		if p.Order, err = strconv.Atoi(o); err != nil {
			return nil, fmt.Errorf("front matter: order: %w", err)
		}
	}

	md := newMarkdown(root, src, bench, ed)
	doc := md.Parser().Parse(text.NewReader(body))
	p.Title, p.TOC = headings(doc, body)
	if p.Title == "" {
		return nil, fmt.Errorf("no title: give it a # heading")
	}
	p.Sections = sections(doc, body, p.Title)
	loadLaddersLazily(doc)
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, body, doc); err != nil {
		return nil, err
	}
	p.Body = template.HTML(buf.String())
	return p, nil
}

// headings returns the page's title, its first heading of level 1, and
// its table of contents, its headings of levels 2 and 3.
func headings(doc ast.Node, src []byte) (string, []Heading) {
	var title string
	var toc []Heading
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if h.Level == 1 && title == "" {
			title = nodeText(h, src)
		}
		if h.Level == 2 || h.Level == 3 {
			toc = append(toc, Heading{Level: h.Level, ID: headingID(h), Text: nodeText(h, src)})
		}
		return ast.WalkContinue, nil
	})
	return title, toc
}

// headingID is the id the parser gave a heading, from its text.
func headingID(h *ast.Heading) string {
	id, _ := h.AttributeString("id") // every heading has one: parser.WithAutoHeadingID
	idText, _ := id.([]byte)
	return string(idText)
}

// frontMatter splits "---\nkey: value\n---\n" from the top of a page.
func frontMatter(raw []byte) (map[string]string, []byte, error) {
	meta := map[string]string{}
	rest, ok := bytes.CutPrefix(raw, []byte("---\n"))
	if !ok {
		return meta, raw, nil
	}
	head, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, nil, fmt.Errorf("front matter is never closed")
	}
	for _, line := range strings.Split(string(head), "\n") {
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, nil, fmt.Errorf("front matter: want key: value, got %q", line)
		}
		meta[strings.TrimSpace(key)] = strings.Trim(strings.TrimSpace(value), `"`)
	}
	return meta, body, nil
}

// nodeText is the text of a heading, without its markup.
func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Segment.Value(src))
			case *ast.String:
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// loadLaddersLazily marks the packet ladders (images of wire/) for the
// browser to fetch when the reader comes near them: most sit in folds,
// which a reader may never open, and they are no part of what a page
// weighs when it opens.
func loadLaddersLazily(doc ast.Node) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && strings.HasPrefix(string(img.Destination), captureDir+"/") {
			img.SetAttributeString("loading", []byte("lazy"))
		}
		return ast.WalkContinue, nil
	})
}
