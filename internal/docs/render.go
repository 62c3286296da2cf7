package docs

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

//go:embed assets/page.html
var pageTemplate string

//go:embed assets/style.css
var baseCSS string

//go:embed assets/site.js
var siteJS string

// Page is one rendered page of the site.
type Page struct {
	Source string // the Markdown file, relative to the root
	URL    string // the HTML file, relative to the site
	Title  string
	Order  int
	Body   template.HTML
	TOC    []Heading
	// Sections are the page's text, cut at its headings, for the search.
	Sections []Section
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Build renders the pages of dir (under root) into out, with their styles,
// script and diagrams, and returns the pages in reading order.
func Build(root, dir, out string) ([]*Page, error) {
	sources, err := Pages(root, dir)
	if err != nil {
		return nil, err
	}
	bench := &benchSource{file: filepath.Join(root, dir, filepath.FromSlash(ResultsFile))}
	var pages []*Page
	for _, src := range sources {
		p, err := renderPage(root, src, bench)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		pages = append(pages, p)
	}
	slices.SortStableFunc(pages, func(a, b *Page) int { return a.Order - b.Order })

	tmpl, err := template.New("page").Parse(pageTemplate)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(out, "diagrams"), 0o755); err != nil {
		return nil, err
	}
	// A page or diagram removed from docs/ goes from the site too.
	stale, _ := filepath.Glob(filepath.Join(out, "*.html"))
	svgs, _ := filepath.Glob(filepath.Join(out, "diagrams", "*.svg"))
	for _, f := range append(stale, svgs...) {
		if err := os.Remove(f); err != nil {
			return nil, err
		}
	}
	for i, p := range pages {
		data := struct {
			*Page
			Pages      []*Page
			Prev, Next *Page
		}{Page: p, Pages: pages}
		if i > 0 {
			data.Prev = pages[i-1]
		}
		if i+1 < len(pages) {
			data.Next = pages[i+1]
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, data); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Source, err)
		}
		if err := os.WriteFile(filepath.Join(out, p.URL), buf.Bytes(), 0o644); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(out, "style.css"), stylesheet(), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(out, "site.js"), []byte(siteJS), 0o644); err != nil {
		return nil, err
	}
	diagrams, _ := filepath.Glob(filepath.Join(root, dir, "diagrams", "*.svg"))
	for _, d := range diagrams {
		data, err := os.ReadFile(d)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(out, "diagrams", filepath.Base(d)), data, 0o644); err != nil {
			return nil, err
		}
	}
	if err := copyResults(bench, out); err != nil {
		return nil, err
	}
	index, err := searchIndex(pages)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(out, "search-index.js"), index, 0o644); err != nil {
		return nil, err
	}
	// The repository's README and licence, linked from every page.
	for from, to := range map[string]string{"README.md": "README.md", "LICENSE": "LICENSE.txt"} {
		data, err := os.ReadFile(filepath.Join(root, from))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(out, to), data, 0o644); err != nil {
			return nil, err
		}
	}
	return pages, nil
}

// copyResults puts the benchmark's results in the site, for the page that
// shows them links to them; a site with no such page has none.
func copyResults(bench *benchSource, out string) error {
	to := filepath.Join(out, filepath.FromSlash(ResultsFile))
	if bench.results == nil {
		if err := os.Remove(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	data, err := os.ReadFile(bench.file)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// renderPage turns one Markdown page into HTML.
func renderPage(root, src string, bench *benchSource) (*Page, error) {
	raw, err := os.ReadFile(filepath.Join(root, src))
	if err != nil {
		return nil, err
	}
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

	md := newMarkdown(root, src, bench)
	doc := md.Parser().Parse(text.NewReader(body))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			id, _ := h.AttributeString("id")
			idText, _ := id.([]byte)
			if h.Level == 1 && p.Title == "" {
				p.Title = nodeText(h, body)
			}
			if h.Level == 2 || h.Level == 3 {
				p.TOC = append(p.TOC, Heading{Level: h.Level, ID: string(idText), Text: nodeText(h, body)})
			}
		}
		return ast.WalkContinue, nil
	})
	if p.Title == "" {
		return nil, fmt.Errorf("no title: give it a # heading")
	}
	p.Sections = sections(doc, body, p.Title)
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, body, doc); err != nil {
		return nil, err
	}
	p.Body = template.HTML(buf.String())
	return p, nil
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

func newMarkdown(root, page string, bench *benchSource) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkRewriter{}, 100)),
		),
		goldmark.WithRendererOptions(
			goldhtml.WithUnsafe(), // the pages' own <div> wrappers
			renderer.WithNodeRenderers(
				util.Prioritized(codeRenderer{root: root, page: page, bench: bench}, 100),
				util.Prioritized(headingRenderer{}, 100),
			),
		),
	)
}

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

// linkRewriter points links between pages at their HTML files, so that the
// Markdown links work both on the site and when reading the Markdown.
type linkRewriter struct{}

func (linkRewriter) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if link, ok := n.(*ast.Link); ok && entering {
			dest := string(link.Destination)
			path, frag, hasFrag := strings.Cut(dest, "#")
			if !strings.Contains(path, "://") && strings.HasSuffix(path, ".md") {
				dest = strings.TrimSuffix(path, ".md") + ".html"
				if hasFrag {
					dest += "#" + frag
				}
				link.Destination = []byte(dest)
			}
		}
		return ast.WalkContinue, nil
	})
}

// codeRenderer renders fenced code blocks: a header naming the file, with
// a copy button, code coloured by chroma, and shell sessions whose copy
// button copies the commands alone. Bench blocks are not code: they become
// a chart, a table or a paragraph.
type codeRenderer struct {
	root  string // where a block's file= is read, for a block filled at build
	page  string
	bench *benchSource
}

func (r codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

// copyButton is shown by the page's script; without it, it could not work.
// With no data-copy, it copies the whole block.
const copyButton = `<button class="copy" type="button" hidden%s>Copy</button>`

func (r codeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var info string
	if n.Info != nil {
		info = string(n.Info.Segment.Value(src))
	}
	lang, attrs, err := ParseInfo(info)
	if err != nil {
		return ast.WalkStop, err
	}
	var code strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		code.Write(line.Value(src))
	}
	if attrs["fill"] == "site" {
		// Empty in the Markdown, filled from its source here.
		text, err := fill(r.root, attrs)
		if err != nil {
			return ast.WalkStop, fmt.Errorf("%s: %w", attrs["file"], err)
		}
		code.Reset()
		code.WriteString(text)
	}
	if lang == "bench" {
		if err := r.renderBench(w, attrs, code.String()); err != nil {
			return ast.WalkStop, err
		}
		return ast.WalkSkipChildren, nil
	}

	switch lang {
	case "console":
		caption := "<span>terminal</span>"
		if attrs["output"] != "" {
			caption += ` <a class="checked" href="testing.html" title="Printed by the program in the test suite, which checks it on every run">✓ tested output</a>`
		}
		if cmds := commands(code.String()); cmds != "" {
			caption += fmt.Sprintf(copyButton, ` data-copy="`+html.EscapeString(cmds)+`"`)
		} else {
			caption += fmt.Sprintf(copyButton, "") // output alone: copy it all
		}
		fmt.Fprintf(w, "<figure class=\"code console\">\n<figcaption>%s</figcaption>\n<pre><code>", caption)
		err = renderSession(w, code.String())
	default:
		name := attrs["file"]
		if name == "" {
			name = lang
		}
		caption := "<span>" + html.EscapeString(name) + "</span>" + fmt.Sprintf(copyButton, "")
		fmt.Fprintf(w, "<figure class=\"code lang-%s\">\n<figcaption>%s</figcaption>\n<pre class=\"chroma\"><code>", html.EscapeString(lang), caption)
		err = highlight(w, lang, code.String())
	}
	if err != nil {
		return ast.WalkStop, err
	}
	w.WriteString("</code></pre>\n</figure>\n")
	return ast.WalkSkipChildren, nil
}

// renderBench writes a bench block: a chart drawn from the results, or
// the block's own Markdown once it is sure to match them, so that the
// site's table and charts never tell two stories.
func (r codeRenderer) renderBench(w util.BufWriter, attrs map[string]string, body string) error {
	results, err := r.bench.load()
	if err != nil {
		return err
	}
	want, err := benchMarkdown(results, r.bench.file, attrs)
	if err != nil {
		return err
	}
	if body != want {
		return fmt.Errorf("a bench block differs from %s: run make docs", r.bench.file)
	}
	if chart := attrs["chart"]; chart != "" {
		svg, err := BenchChart(results, strings.Split(chart, ","))
		if err != nil {
			return err
		}
		_, err = w.Write(svg)
		return err
	}
	var html bytes.Buffer
	if err := newMarkdown(r.root, r.page, r.bench).Convert([]byte(body), &html); err != nil {
		return err
	}
	// The stylesheet gives each table, of figures or of micro benchmarks,
	// the width it needs.
	class := []byte(`<table class="` + benchTableClass(attrs) + `">`)
	_, err = w.Write(bytes.Replace(html.Bytes(), []byte("<table>"), class, 1))
	return err
}

// commands returns the commands of a shell session, one a line.
func commands(session string) string {
	var cmds []string
	for _, line := range strings.Split(session, "\n") {
		if cmd, ok := strings.CutPrefix(line, "$ "); ok {
			cmds = append(cmds, cmd)
		}
	}
	return strings.Join(cmds, "\n")
}

// headingRenderer gives sections a permalink: a "#" after the heading that
// links to it, to copy or share.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		h := node.(*ast.Heading)
		id, _ := h.AttributeString("id")
		idText, _ := id.([]byte)
		if entering {
			fmt.Fprintf(w, `<h%d id="%s">`, h.Level, html.EscapeString(string(idText)))
			return ast.WalkContinue, nil
		}
		if h.Level == 2 || h.Level == 3 {
			// For the mouse: a reader of the heading needs no second name.
			fmt.Fprintf(w, ` <a class="permalink" href="#%s" aria-hidden="true" tabindex="-1">#</a>`, html.EscapeString(string(idText)))
		}
		fmt.Fprintf(w, "</h%d>\n", h.Level)
		return ast.WalkContinue, nil
	})
}

// renderSession renders a shell session: "$ " lines are commands, the
// rest is their output. The prompt is not selectable.
func renderSession(w util.BufWriter, session string) error {
	for _, line := range strings.SplitAfter(session, "\n") {
		if line == "" {
			continue
		}
		cmd, isCmd := strings.CutPrefix(line, "$ ")
		if !isCmd {
			start := strings.Replace(lineStart(line), `class="line"`, `class="line output"`, 1)
			fmt.Fprintf(w, `%s%s</span>`, start, html.EscapeString(line))
			continue
		}
		w.WriteString(`<span class="line command"><span class="prompt">$ </span>`)
		if err := highlightInline(w, "bash", cmd); err != nil {
			return err
		}
		w.WriteString("</span>")
	}
	return nil
}

// stylesheet is the site's CSS: its own rules, then the colours of code.
func stylesheet() []byte {
	return []byte(baseCSS + codeCSS())
}
