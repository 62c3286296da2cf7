package drift

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/sitetest"
)

// fixture lays out a small repository (see sitetest.Repository) and draws
// its diagram.
func fixture(t *testing.T) string {
	root := sitetest.Repository(t)
	_, err := Refresh(root, "docs")
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
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), `println("inner")`, `println("changed")`, 1)), 0o644))
	// The golden output changes too.
	script := filepath.Join(root, "testdata/script/x_run.txtar")
	golden, err := os.ReadFile(script)
	require.NoError(t, err)
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
	page, err := os.ReadFile(filepath.Join(root, "docs/x.md"))
	require.NoError(t, err)
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

func TestADiffBlockHoldsTheUnifiedDiffAndDriftsWithEitherFile(t *testing.T) {
	root := fixture(t)
	write := func(name, text string) {
		t.Helper()
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(text), 0o644))
	}
	write("steps/1/main.go", "package main\n\nfunc main() {\n\tserve()\n}\n")
	write("steps/2/main.go", "package main\n\nfunc main() {\n\tserve()\n\tstop()\n}\n")
	write("docs/steps.md", "# Steps\n\n```diff file=steps/2/main.go diff=steps/1/main.go\n```\n")

	_, err := Refresh(root, "docs")
	require.NoError(t, err)
	page, err := os.ReadFile(filepath.Join(root, "docs/steps.md"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "```diff file=steps/2/main.go diff=steps/1/main.go\n--- steps/1/main.go\n+++ steps/2/main.go\n@@ -2,4 +2,5 @@\n \n func main() {\n \tserve()\n+\tstop()\n }\n```\n")

	write("steps/1/main.go", "package main\n\nfunc main() {\n\tlisten()\n}\n")
	drifts, err := Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1, "a change to the older file drifts the diff")
	assert.Contains(t, drifts[0].String(), "docs/steps.md:3: block 1 (steps/2/main.go against steps/1/main.go) differs")

	write("steps/1/main.go", "package main\n\nfunc main() {\n\tserve()\n\tstop()\n}\n")
	drifts, err = Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1)
	assert.ErrorContains(t, drifts[0].Err, "the two versions are the same", "a diff that shows nothing is an error")
}
