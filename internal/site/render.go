package site

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"tcpgo/internal/benchjson"
	"tcpgo/internal/benchpage"
	"tcpgo/internal/fenced"
	"tcpgo/internal/highlight"
)

// newMarkdown is the Markdown of a page, in English or, with ed, in the
// language of ed.
func newMarkdown(root, page string, bench *benchResults, ed *edition) goldmark.Markdown {
	transformers := []util.PrioritizedValue{util.Prioritized(linkRewriter{page: page, ed: ed}, 100), util.Prioritized(tableLabeler{}, 100)}
	if ed != nil {
		transformers = append(transformers, util.Prioritized(ed, 100))
	}
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(transformers...),
		),
		goldmark.WithRendererOptions(
			goldhtml.WithUnsafe(), // the pages' own <div> wrappers
			renderer.WithNodeRenderers(
				util.Prioritized(blockRenderer{root: root, page: page, bench: bench, ed: ed}, 100),
				util.Prioritized(headingRenderer{}, 100),
				util.Prioritized(codeSpanRenderer{}, 100),
				util.Prioritized(paragraphRenderer{}, 100),
			),
		),
	)
}

// linkRewriter points links between pages at their HTML files, and links
// to a program's source (../demos/idle/main.go) at the site's page of that
// file (see writeWholeFiles), so that the Markdown links work both on the
// site and when reading the Markdown.
type linkRewriter struct {
	page string   // the page's path, relative to the root
	ed   *edition // for a translated page: its links go to translated pages
}

func (r linkRewriter) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if link, ok := n.(*ast.Link); ok && entering {
			dest := string(link.Destination)
			path, frag, hasFrag := strings.Cut(dest, "#")
			switch {
			case strings.Contains(path, "://"):
			case strings.HasSuffix(path, ".md"):
				dest = r.ed.pageURL(strings.TrimSuffix(path, ".md"))
				if hasFrag {
					dest += "#" + frag
				}
			case sourceLink(path):
				// The file's page has no anchor of its own for a line.
				dest = wholeFileURL(linkedFile(r.page, path))
			}
			link.Destination = []byte(dest)
		}
		return ast.WalkContinue, nil
	})
}

// blockRenderer renders fenced code blocks, each by its kind: a bench
// block as a chart, a table or a paragraph, a shell session with a copy
// button that copies the commands alone, and code, coloured, under a
// header that names its file.
type blockRenderer struct {
	root  string // where a block's file= is read, for a block filled at build
	page  string
	bench *benchResults
	ed    *edition
}

func (r blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

// render picks the drawing of a block by its kind, here and nowhere else:
// a new kind of block is a case of this switch, and a package that draws
// it.
func (r blockRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	lang, attrs, code, err := r.read(node.(*ast.FencedCodeBlock), src)
	if err != nil {
		return ast.WalkStop, err
	}
	switch {
	case lang == "bench":
		err = r.renderBench(w, attrs, code)
	case fenced.IsDiff(attrs):
		err = r.renderDiff(w, attrs, code)
	case lang == "console":
		err = renderSession(w, attrs, code)
	default:
		err = renderCode(w, lang, attrs, code)
	}
	if err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// read returns a block's language, attributes and text: its lines, or
// for a fill=site block, which is empty in the Markdown, its source's.
func (r blockRenderer) read(n *ast.FencedCodeBlock, src []byte) (string, map[string]string, string, error) {
	var info string
	if n.Info != nil {
		info = string(n.Info.Segment.Value(src))
	}
	lang, attrs, err := fenced.ParseInfo(info)
	if err != nil {
		return "", nil, "", err
	}
	if attrs["fill"] == "site" {
		code, err := fenced.FileText(r.root, attrs)
		if err != nil {
			return "", nil, "", fmt.Errorf("%s: %w", attrs["file"], err)
		}
		return lang, attrs, code, nil
	}
	var code strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		code.Write(line.Value(src))
	}
	return lang, attrs, code.String(), nil
}

// copyButton is shown by the page's script; without it, it could not work.
// With no data-copy, it copies the whole block.
const copyButton = `<button class="copy" type="button" hidden%s>Copy</button>`

// renderSession writes a shell session, whose copy button copies its
// commands, and whose caption says when the test suite checks its output.
func renderSession(w util.BufWriter, attrs map[string]string, session string) error {
	caption := "<span>terminal</span>"
	if attrs["output"] != "" {
		caption += ` <a class="checked" href="testing.html" title="Printed by the program in the test suite, which checks it on every run">✓ tested output</a>`
	}
	if cmds := commands(session); cmds != "" {
		caption += fmt.Sprintf(copyButton, ` data-copy="`+html.EscapeString(cmds)+`"`)
	} else {
		caption += fmt.Sprintf(copyButton, "") // output alone: copy it all
	}
	fmt.Fprintf(w, "<figure class=\"code console\">\n<figcaption>%s</figcaption>\n<pre><code>", caption)
	if err := highlight.Session(w, session); err != nil {
		return err
	}
	w.WriteString("</code></pre>\n</figure>\n")
	return nil
}

// renderCode writes code coloured for its language, under the name of its
// file, or of its language.
func renderCode(w util.BufWriter, lang string, attrs map[string]string, code string) error {
	name := attrs["file"]
	if name == "" {
		name = lang
	}
	caption := "<span>" + html.EscapeString(name) + "</span>" + fmt.Sprintf(copyButton, "")
	fmt.Fprintf(w, "<figure class=\"code lang-%s\">\n<figcaption>%s</figcaption>\n<pre class=\"chroma\"><code>", html.EscapeString(lang), caption)
	if err := highlight.Lines(w, lang, code); err != nil {
		return err
	}
	w.WriteString("</code></pre>\n</figure>\n")
	return nil
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

// renderBench writes a bench block: a chart drawn from the results, or
// the block's own Markdown once it is sure to match them, so that the
// site's table and charts never tell two stories.
func (r blockRenderer) renderBench(w util.BufWriter, attrs map[string]string, body string) error {
	results, err := r.bench.load()
	if err != nil {
		return err
	}
	want, err := benchpage.Markdown(results, r.bench.file, attrs)
	if err != nil {
		return err
	}
	if body != want {
		return fmt.Errorf("a bench block differs from %s: run make docs", r.bench.file)
	}
	if chart := attrs["chart"]; chart != "" {
		svg, err := benchpage.Chart(results, strings.Split(chart, ","))
		if err != nil {
			return err
		}
		_, err = w.Write(svg)
		return err
	}
	var html bytes.Buffer
	if err := newMarkdown(r.root, r.page, r.bench, r.ed).Convert([]byte(body), &html); err != nil {
		return err
	}
	// The stylesheet gives each table, of figures or of micro benchmarks,
	// the width it needs.
	class := []byte(`<table class="` + benchpage.TableClass(attrs) + `">`)
	_, err = w.Write(bytes.Replace(html.Bytes(), []byte("<table>"), class, 1))
	return err
}

// benchResults is the results file of a build, read the first time a page
// shows a bench block: a site with no such page needs no such file.
type benchResults struct {
	file    string
	once    sync.Once
	results *benchjson.Results
	err     error
}

func (s *benchResults) load() (*benchjson.Results, error) {
	s.once.Do(func() { s.results, s.err = benchpage.ReadResults(s.file) })
	return s.results, s.err
}

// headingRenderer gives sections a permalink: a "#" after the heading that
// links to it, to copy or share.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		h := node.(*ast.Heading)
		id := html.EscapeString(headingID(h))
		if entering {
			fmt.Fprintf(w, `<h%d id="%s">`, h.Level, id)
			return ast.WalkContinue, nil
		}
		if h.Level == 2 || h.Level == 3 {
			// For the mouse: a reader of the heading needs no second name.
			fmt.Fprintf(w, ` <a class="permalink" href="#%s" aria-hidden="true" tabindex="-1">#</a>`, id)
		}
		fmt.Fprintf(w, "</h%d>\n", h.Level)
		return ast.WalkContinue, nil
	})
}
