package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseInfo(t *testing.T) {
	lang, attrs, err := ParseInfo(`console cmd="go run ./lessons/02-client -addr :1" output=a.txtar#b`)
	require.NoError(t, err)
	assert.Equal(t, "console", lang)
	assert.Equal(t, map[string]string{"cmd": "go run ./lessons/02-client -addr :1", "output": "a.txtar#b"}, attrs)

	lang, attrs, err = ParseInfo("go")
	require.NoError(t, err)
	assert.Equal(t, "go", lang)
	assert.Empty(t, attrs)

	for _, bad := range []string{`go file`, `go cmd="unclosed`, `go ="x"`} {
		_, _, err := ParseInfo(bad)
		assert.Error(t, err, bad)
	}
}

const source = `package main

func main() {
	// ANCHOR: greet
	if true {
		println("hello")
	}
	// ANCHOR: inner
	println("inner")
	// ANCHOR_END: inner
	// ANCHOR_END: greet
}
`

func TestRegion(t *testing.T) {
	got, err := Region(source, "greet")
	require.NoError(t, err)
	assert.Equal(t, "if true {\n\tprintln(\"hello\")\n}\nprintln(\"inner\")\n", got,
		"the region, dedented, without any anchor lines")

	whole, err := Region(source, "")
	require.NoError(t, err)
	assert.NotContains(t, whole, "ANCHOR")
	assert.True(t, strings.HasPrefix(whole, "package main\n"))

	_, err = Region(source, "missing")
	assert.EqualError(t, err, "no ANCHOR: missing")
	_, err = Region("// ANCHOR: open\nx\n", "open")
	assert.EqualError(t, err, "ANCHOR: open has no ANCHOR_END")
}

func TestParseBlocks(t *testing.T) {
	page := "# Title\n\n```go file=x.go\nold\n```\n\ntext\n\n````console cmd=\"ls\"\n$ ls\n```\n````\n"
	blocks, err := ParseBlocks("p.md", []byte(page))
	require.NoError(t, err)
	require.Len(t, blocks, 2)
	assert.Equal(t, 3, blocks[0].Line)
	assert.Equal(t, "old\n", blocks[0].Body)
	assert.Equal(t, 1, blocks[0].Index)
	assert.Equal(t, "$ ls\n```\n", blocks[1].Body, "a longer fence may hold a shorter one")

	_, err = ParseBlocks("p.md", []byte("```go\nnever closed\n"))
	assert.EqualError(t, err, "p.md:1: code block is never closed")
}

// fixture lays out a small repository: a Go source, a script with a golden
// output and an exchange, and a page that embeds them.
func fixture(t *testing.T) string {
	root := t.TempDir()
	write := func(path, text string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, path)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, path), []byte(text), 0o644))
	}
	write("lessons/x/main.go", source)
	write("testdata/script/x_run.txtar", "exec x\ncmp stdout want\n-- want --\nhello\ninner\n-- exchange --\nclient connects\nclient sends \"hi\"\nserver waits\nserver sends \"hi\"\nclient ends\nserver ends\nclosed\n")
	write("README.md", "# The repository\n")
	write("LICENSE", "MIT\n")
	write("docs/x.md", "---\norder: 1\n---\n# X\n\n"+
		"```go file=lessons/x/main.go region=inner\n"+"println(\"inner\")\n"+"```\n\n"+
		"```console cmd=\"go run ./lessons/x\" output=testdata/script/x_run.txtar#want\n"+"$ go run ./lessons/x\nhello\ninner\n"+"```\n")
	_, err := Refresh(root, "docs") // draws the diagram
	require.NoError(t, err)
	return root
}

func TestCheckPassesOnAFreshPage(t *testing.T) {
	root := fixture(t)
	drifts, err := Check(root, "docs")
	require.NoError(t, err)
	assert.Empty(t, drifts)
}

func TestCheckNamesTheDriftedPageAndBlock(t *testing.T) {
	root := fixture(t)
	// The program changes; the page does not.
	path := filepath.Join(root, "lessons/x/main.go")
	src, _ := os.ReadFile(path)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), `println("inner")`, `println("changed")`, 1)), 0o644))
	// The golden output changes too.
	script := filepath.Join(root, "testdata/script/x_run.txtar")
	golden, _ := os.ReadFile(script)
	require.NoError(t, os.WriteFile(script, []byte(strings.Replace(string(golden), "hello\ninner", "hello\nbye", 1)), 0o644))

	drifts, err := Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 2)
	assert.Equal(t, `docs/x.md:6: block 1 (lessons/x/main.go region inner) differs from its source at its line 1: the page has "println(\"inner\")", the source "println(\"changed\")"; run make docs`, drifts[0].String())
	assert.Equal(t, `docs/x.md:10: block 2 (testdata/script/x_run.txtar#want) differs from its source at its line 3: the page has "inner", the source "bye"; run make docs`, drifts[1].String())

	changed, err := Refresh(root, "docs")
	require.NoError(t, err)
	assert.Equal(t, []string{"docs/x.md"}, changed)
	drifts, err = Check(root, "docs")
	require.NoError(t, err)
	assert.Empty(t, drifts, "make docs brings the page back in line")
	page, _ := os.ReadFile(filepath.Join(root, "docs/x.md"))
	assert.Contains(t, string(page), "```go file=lessons/x/main.go region=inner\nprintln(\"changed\")\n```\n")
}

func TestCheckReportsAMissingSource(t *testing.T) {
	root := fixture(t)
	require.NoError(t, os.Remove(filepath.Join(root, "lessons/x/main.go")))
	drifts, err := Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1)
	assert.Contains(t, drifts[0].String(), "docs/x.md:6: block 1 (lessons/x/main.go region inner): open ")
}

func TestCheckReportsADriftedDiagram(t *testing.T) {
	root := fixture(t)
	svg := filepath.Join(root, "docs/diagrams/x_run.svg")
	require.FileExists(t, svg)
	require.NoError(t, os.WriteFile(svg, []byte("<svg>drawn by hand</svg>"), 0o644))
	drifts, err := Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1)
	assert.Contains(t, drifts[0].String(), "docs/diagrams/x_run.svg:1")

	require.NoError(t, os.WriteFile(filepath.Join(root, "docs/diagrams/stray.svg"), []byte("<svg/>"), 0o644))
	drifts, err = Check(root, "docs")
	require.NoError(t, err)
	assert.Len(t, drifts, 2, "a diagram without a script is reported too")
}

// A block with fill=site holds nothing in the Markdown: the check wants it
// empty, make docs leaves it empty, and the site shows its source.
func TestFillSiteBlocksStayEmptyInTheMarkdown(t *testing.T) {
	root := fixture(t)
	page := filepath.Join(root, "docs/x.md")
	text, err := os.ReadFile(page)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(page, append(text, []byte("\n```go file=lessons/x/main.go region=greet fill=site\n```\n")...), 0o644))

	drifts, err := Check(root, "docs")
	require.NoError(t, err)
	assert.Empty(t, drifts, "an empty fill=site block is in line with its source")
	changed, err := Refresh(root, "docs")
	require.NoError(t, err)
	assert.Empty(t, changed, "make docs copies nothing into it")

	out := t.TempDir()
	_, err = Build(root, "docs", out)
	require.NoError(t, err)
	assert.Contains(t, read(t, out, "x.html"), `<span class="s">&#34;hello&#34;</span>`, "the site shows the region")

	// Code pasted into the block is drift; so is a region that has gone.
	require.NoError(t, os.WriteFile(page, append(text, []byte("\n```go file=lessons/x/main.go region=greet fill=site\nif true {\n```\n")...), 0o644))
	drifts, err = Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1)
	assert.Contains(t, drifts[0].String(), "holds code: a fill=site block stays empty in the page")
	require.NoError(t, os.WriteFile(page, append(text, []byte("\n```go file=lessons/x/main.go region=gone fill=site\n```\n")...), 0o644))
	drifts, err = Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1)
	assert.Contains(t, drifts[0].String(), "no ANCHOR: gone")
}
