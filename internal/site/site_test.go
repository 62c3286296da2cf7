package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"tcpgo/internal/sitetest"
)

func TestFrontMatter(t *testing.T) {
	meta, body, err := frontMatter([]byte("---\nnote: \"1. Events\"\norder: 1\n---\n# Hi\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"note": "1. Events", "order": "1"}, meta)
	assert.Equal(t, "# Hi\n", string(body))

	_, _, err = frontMatter([]byte("---\ntitle: x\n"))
	assert.Error(t, err)
}

func TestBuild(t *testing.T) {
	root := sitetest.Repository(t)
	write := func(path, text string) { sitetest.WriteFile(t, root, path, text) }
	write("docs/diagrams/x_run.svg", "<svg>a diagram make docs drew</svg>\n")
	write("docs/index.md", "---\norder: 0\n---\n# Start\n\nSee [X](x.md#x) and ![d](diagrams/x_run.svg).\n\n## First\n\nWords to find.\n\n### Detail\n")
	out := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(out, "removed.html"), []byte("old page"), 0o644))
	pages, err := Build(root, "docs", out)
	require.NoError(t, err)
	require.Len(t, pages, 2)
	assert.Equal(t, "index.html", pages[0].URL)
	assert.Equal(t, "x.html", pages[1].URL)
	assert.Equal(t, []Heading{{2, "first", "First"}, {3, "detail", "Detail"}}, pages[0].TOC)

	index := sitetest.ReadFile(t, out, "index.html")
	assert.Contains(t, index, `<a href="x.html#x">X</a>`, "links between pages point at the HTML")
	assert.Contains(t, index, `<a class="next" rel="next" href="x.html">`)
	assert.NotContains(t, index, `rel="prev"`, "the first page has no previous page")
	assert.Contains(t, index, `<a href="#detail">Detail</a>`, "table of contents")

	x := sitetest.ReadFile(t, out, "x.html")
	assert.Contains(t, x, `<a class="prev" rel="prev" href="index.html">`)
	assert.Contains(t, x, "<figcaption><span>lessons/x/main.go</span>", "a code block names its file")
	assert.Contains(t, x, `<span class="nb">println</span>`, "Go is highlighted")
	assert.Contains(t, x, `<a class="checked" href="testing.html"`, "a tested output links to how the site is tested")
	assert.NotContains(t, x, "x_run.txtar", "a reader page names no test file")
	assert.Contains(t, x, `<span class="prompt">$ </span>`)
	assert.Contains(t, x, `data-copy="go run ./lessons/x"`, "the copy button of a session holds the command alone")
	assert.Equal(t, 2, strings.Count(x, `<button class="copy"`), "every code block has a copy button")
	assert.Contains(t, x, `<span class="line output">hello`+"\n"+`</span>`)
	assert.Contains(t, index, `<h2 id="first">First <a class="permalink" href="#first"`, "headings link to themselves")

	search := sitetest.ReadFile(t, out, "search-index.js")
	assert.Contains(t, search, `"pages":[["index.html","Start"]`, "pages are listed")
	assert.Contains(t, search, `[0,"first","First"]`, "sections are indexed")
	assert.Contains(t, sitetest.ReadFile(t, out, "search/index.js"), `"first":"Words to find."`, "with the sentences a result shows")
	assert.Contains(t, search, `"inner":"`, "code is indexed too")
	assert.Equal(t, "MIT\n", sitetest.ReadFile(t, out, "LICENSE.txt"))
	assert.Equal(t, "# The repository\n", sitetest.ReadFile(t, out, "README.md"))

	css := sitetest.ReadFile(t, out, "style.css")
	assert.Contains(t, css, ".chroma .nb { color: light-dark(", "code colours for light and dark")
	assert.FileExists(t, filepath.Join(out, "site.js"))
	assert.FileExists(t, filepath.Join(out, "search.js"), "the search's script, which site.js loads when needed")
	assert.FileExists(t, filepath.Join(out, "diagrams", "x_run.svg"))
	assert.NoFileExists(t, filepath.Join(out, "removed.html"), "a page gone from docs/ is gone from the site")
}

func TestSearchTextKeepsProseAndCodeApart(t *testing.T) {
	src := []byte("# T\n\nA `Read` call\nblocks. Then it returns.\n\n" +
		"| Node | Go |\n|---|---|\n| `end()` | `CloseWrite()` |\n\n" +
		"<details><summary>Deeper: the drain</summary>\n\n- a list item\n\n</details>\n\n" +
		"```go\nconn.Read(buf)\n```\n\n## Next\n\nMore.\n")
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	got := sections(doc, src, "T")
	require.Len(t, got, 2)
	assert.Equal(t, "A Read call blocks. Then it returns.\nNode — Go\nend() — CloseWrite()\nDeeper: the drain\na list item\n", got[0].Prose,
		"a paragraph, table row, fold's summary or list item a line")
	assert.Equal(t, "conn.Read(buf)\n", got[0].Code)
	assert.Equal(t, "More.\n", got[1].Prose)
}

func TestInlineCodeKeepsHyphenatedNamesWhole(t *testing.T) {
	var out strings.Builder
	src := "Run `go run ./lessons/05-robust-server -write-timeout 1s -addr x`, then `a<b - c`.\n"
	require.NoError(t, newMarkdown(t.TempDir(), "x.md", nil, nil).Convert([]byte(src), &out))
	assert.Contains(t, out.String(), `<code>go run ./lessons/<span class="whole">05-robust-server</span> <span class="whole">-write-timeout</span> 1s -addr x</code>`,
		"a name with a hyphen inside is kept whole; a flag's leading hyphen leaves nothing to break")
	assert.Contains(t, out.String(), "<code>a&lt;b - c</code>", "the code is escaped, and a lone hyphen is left alone")
}

func TestTableCellsNameTheirColumn(t *testing.T) {
	var out strings.Builder
	src := "| Node | Go `net` |\n|---|--:|\n| `end()` | CloseWrite |\n"
	require.NoError(t, newMarkdown(t.TempDir(), "x.md", nil, nil).Convert([]byte(src), &out))
	assert.Contains(t, out.String(), `<td data-label="Node"><code>end()</code></td>`)
	assert.Contains(t, out.String(), `<td data-label="Go net" style="text-align:right">CloseWrite</td>`, "the heading's text, without its markup")
	assert.Contains(t, out.String(), "<th>Node</th>", "headings are not labelled")
}

func TestADiagramTakesTheFocusToScroll(t *testing.T) {
	var out strings.Builder
	src := "![The handshake](diagrams/x.svg)\n\nText and ![an icon](diagrams/y.svg).\n"
	require.NoError(t, newMarkdown(t.TempDir(), "x.md", nil, nil).Convert([]byte(src), &out))
	assert.Contains(t, out.String(), `<p class="diagram" tabindex="0" role="group" aria-label="Diagram"><img src="diagrams/x.svg" alt="The handshake"`,
		"a keyboard can scroll a diagram alone in its paragraph, named for a screen reader")
	assert.Contains(t, out.String(), "<p>Text and <img", "a paragraph with more than a diagram is a paragraph")
}
