package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSequenceDiagram(t *testing.T) {
	svg, err := SequenceDiagram([]string{
		"client connects", `client sends "a<b"`, "server waits -delay", `server sends "ok"`, "client ends", "server ends", "closed",
	})
	require.NoError(t, err)
	s := string(svg)
	assert.True(t, strings.HasPrefix(s, `<svg xmlns="http://www.w3.org/2000/svg"`))
	assert.Equal(t, 5, strings.Count(s, `marker-end="url(#head)"`), "connect, two messages, two ends")
	assert.Contains(t, s, `&#34;a&lt;b&#34;`, "payloads are escaped")
	assert.Contains(t, s, "waits -delay")
	assert.Contains(t, s, "prefers-color-scheme: dark")

	_, err = SequenceDiagram([]string{"client dances"})
	assert.EqualError(t, err, `unknown event "client dances"`)
}

func TestFrontMatter(t *testing.T) {
	meta, body, err := frontMatter([]byte("---\nnote: \"1. Events\"\norder: 1\n---\n# Hi\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"note": "1. Events", "order": "1"}, meta)
	assert.Equal(t, "# Hi\n", string(body))

	_, _, err = frontMatter([]byte("---\ntitle: x\n"))
	assert.Error(t, err)
}

func TestBuild(t *testing.T) {
	root := fixture(t)
	write := func(path, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(root, path), []byte(text), 0o644))
	}
	write("docs/index.md", "---\norder: 0\n---\n# Start\n\nSee [X](x.md#x) and ![d](diagrams/x_run.svg).\n\n## First\n\nWords to find.\n\n### Detail\n")
	out := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(out, "removed.html"), []byte("old page"), 0o644))
	pages, err := Build(root, "docs", out)
	require.NoError(t, err)
	require.Len(t, pages, 2)
	assert.Equal(t, "index.html", pages[0].URL)
	assert.Equal(t, "x.html", pages[1].URL)
	assert.Equal(t, []Heading{{2, "first", "First"}, {3, "detail", "Detail"}}, pages[0].TOC)

	index := read(t, out, "index.html")
	assert.Contains(t, index, `<a href="x.html#x">X</a>`, "links between pages point at the HTML")
	assert.Contains(t, index, `<a class="next" rel="next" href="x.html">`)
	assert.NotContains(t, index, `rel="prev"`, "the first page has no previous page")
	assert.Contains(t, index, `<a href="#detail">Detail</a>`, "table of contents")

	x := read(t, out, "x.html")
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

	search := read(t, out, "search-index.js")
	assert.Contains(t, search, `"pages":[["index.html","Start"]`, "pages are listed")
	assert.Contains(t, search, `[0,"first","First"]`, "sections are indexed")
	assert.Contains(t, search, `"inner":"`, "code is indexed too")
	assert.Equal(t, "MIT\n", read(t, out, "LICENSE.txt"))
	assert.Equal(t, "# The repository\n", read(t, out, "README.md"))

	css := read(t, out, "style.css")
	assert.Contains(t, css, ".chroma .nb { color: light-dark(", "code colours for light and dark")
	assert.FileExists(t, filepath.Join(out, "site.js"))
	assert.FileExists(t, filepath.Join(out, "diagrams", "x_run.svg"))
	assert.NoFileExists(t, filepath.Join(out, "removed.html"), "a page gone from docs/ is gone from the site")
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(data)
}

func TestLinesSayHowFarInTheyStart(t *testing.T) {
	assert.Equal(t, `<span class="line">`, lineStart("func main() {\n"))
	assert.Equal(t, `<span class="line" style="--t:2">`, lineStart("\t\treturn err\n"))
	assert.Equal(t, `<span class="line" style="--s:4">`, lineStart("    socket.end();\n"))
	assert.Equal(t, `<span class="line" style="--t:1;--s:2">`, lineStart("\t  x\n"))
}

func TestPlainTokensGetNoElement(t *testing.T) {
	assert.True(t, plain(chroma.TextWhitespace))
	assert.True(t, plain(chroma.Punctuation), "GitHub's styles show punctuation as text")
	assert.False(t, plain(chroma.Keyword))
	var out strings.Builder
	require.NoError(t, highlight(&out, "go", "if x {\n\treturn\n}\n"))
	assert.Equal(t, `<span class="line"><span class="k">if</span> x {
</span><span class="line" style="--t:1">	<span class="k">return</span>
</span><span class="line">}
</span>`, out.String())
}

func TestSectionStepsAreShortAndInOrder(t *testing.T) {
	for _, c := range []struct {
		ids  []int
		want string
	}{
		{[]int{0}, "0"},
		{[]int{0, 1, 2}, "000"},
		{[]int{35}, "z"},
		{[]int{36}, "~10"},
		{[]int{3, 4, 104}, "30~2r"},
	} {
		got, err := sectionSteps(c.ids)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "sections %v", c.ids)
	}
	_, err := sectionSteps([]int{4, 2})
	assert.ErrorContains(t, err, "out of order")
	_, err = sectionSteps([]int{36 * 36})
	assert.ErrorContains(t, err, "more than it can number")
}
