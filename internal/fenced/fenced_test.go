package fenced

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/sitetest"
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

func TestRegion(t *testing.T) {
	got, err := Region(sitetest.Source, "greet")
	require.NoError(t, err)
	assert.Equal(t, "if true {\n\tprintln(\"hello\")\n}\nprintln(\"inner\")\n", got,
		"the region, dedented, without any anchor lines")

	whole, err := Region(sitetest.Source, "")
	require.NoError(t, err)
	assert.NotContains(t, whole, "ANCHOR")
	assert.True(t, strings.HasPrefix(whole, "package main\n"))

	_, err = Region(sitetest.Source, "missing")
	assert.EqualError(t, err, "no ANCHOR: missing")
	_, err = Region("// ANCHOR: open\nx\n", "open")
	assert.EqualError(t, err, "ANCHOR: open has no ANCHOR_END")
}

func TestParseBlocks(t *testing.T) {
	page := "# Title\n\n```go file=x.go\nold\n```\n\ntext\n\n````console cmd=\"ls\"\n$ ls\n```\n````\n"
	blocks, err := Parse("p.md", []byte(page))
	require.NoError(t, err)
	require.Len(t, blocks, 2)
	assert.Equal(t, 3, blocks[0].Line)
	assert.Equal(t, "old\n", blocks[0].Body)
	assert.Equal(t, 1, blocks[0].Index)
	assert.Equal(t, "$ ls\n```\n", blocks[1].Body, "a longer fence may hold a shorter one")

	_, err = Parse("p.md", []byte("```go\nnever closed\n"))
	assert.EqualError(t, err, "p.md:1: code block is never closed")
}

func TestDiffTextComparesTheNamedRegions(t *testing.T) {
	root := t.TempDir()
	sitetest.WriteFile(t, root, "old.go", "// ANCHOR: loop\nread()\n// ANCHOR_END: loop\n")
	sitetest.WriteFile(t, root, "new.go", "// ANCHOR: read\nread()\nprint()\n// ANCHOR_END: read\n")
	got, err := DiffText(root, map[string]string{"file": "new.go", "region": "read", "diff": "old.go#loop"})
	require.NoError(t, err)
	assert.Equal(t, "--- old.go#loop\n+++ new.go\n@@ -1 +1,2 @@\n read()\n+print()\n", got)

	_, err = DiffText(root, map[string]string{"file": "new.go", "region": "read", "diff": "old.go"})
	assert.EqualError(t, err, "old.go: no ANCHOR: read", "without a #, the older file has the same region")
}
