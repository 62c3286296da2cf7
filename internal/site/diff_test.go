package site

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/drift"
	"tcpgo/internal/sitetest"
)

// diffRepository is a small repository whose page shows step 2 of a
// program as a diff against step 1, refreshed as make docs would.
func diffRepository(t *testing.T) string {
	root := sitetest.Repository(t)
	write := func(path, text string) { sitetest.WriteFile(t, root, path, text) }
	write("steps/1/main.go", "package main\n\nfunc main() {\n\tserve()\n}\n")
	write("steps/2/main.go", "package main\n\nfunc main() {\n\tlisten()\n\tserve()\n}\n")
	write("docs/steps.md", "# Steps\n\n```diff file=steps/2/main.go diff=steps/1/main.go\n```\n")
	_, err := drift.Refresh(root, "docs")
	require.NoError(t, err)
	return root
}

func TestADiffShowsTheNewVersionWithItsChangesMarked(t *testing.T) {
	root := diffRepository(t)
	out := t.TempDir()
	_, err := Build(root, "docs", out)
	require.NoError(t, err)
	page := sitetest.ReadFile(t, out, "steps.html")

	assert.Contains(t, page, `<figure class="code diff lang-go">`)
	assert.Contains(t, page, "<span>steps/2/main.go <span class=\"against\">changed from 1/main.go</span></span>")
	assert.Contains(t, page, "<ins><span class=\"line\" style=\"--t:1\">\t<span class=\"nf\">listen</span>", "the added line is marked, and coloured as Go")
	assert.Contains(t, page, "</ins><span class=\"line\" style=\"--t:1\">\t<span class=\"nf\">serve</span>", "the unchanged line is shown")
	assert.NotContains(t, page, `<del`, "nothing was removed")
	assert.NotContains(t, page, `<button class="copy"`, "a diff is not a program to copy; its whole file is")
	assert.Contains(t, page, `<a class="whole-file" href="source-steps-2-main.go.html">whole file</a>`, "the whole file is one click away")
	whole := sitetest.ReadFile(t, out, "source-steps-2-main.go.html")
	assert.Contains(t, whole, `<h1 id="file">steps/2/main.go</h1>`)
	assert.Contains(t, whole, `<a href="steps.html">Steps</a> shows`, "it links back to the page of the diff")
	assert.Contains(t, whole, "<span class=\"nf\">listen</span>()\n</span><span class=\"line\" style=\"--t:1\">\t<span class=\"nf\">serve</span>", "the file is shown whole, coloured")
	assert.Contains(t, whole, `<button class="copy"`)
	assert.NotContains(t, page, "+++", "the site draws the diff instead of printing it")
	css := sitetest.ReadFile(t, out, "style.css")
	assert.Contains(t, css, "figure.diff ins", "the stylesheet marks the lines")
}

func TestARemovedLineStaysInPlace(t *testing.T) {
	root := diffRepository(t)
	sitetest.WriteFile(t, root, "steps/2/main.go", "package main\n\nfunc main() {\n\tlisten()\n}\n")
	_, err := drift.Refresh(root, "docs")
	require.NoError(t, err)
	out := t.TempDir()
	_, err = Build(root, "docs", out)
	require.NoError(t, err)
	page := sitetest.ReadFile(t, out, "steps.html")
	removed := strings.Index(page, `<del>`)
	added := strings.Index(page, `<ins>`)
	require.True(t, removed > 0 && added > 0, "a changed line is shown removed and added")
	assert.Less(t, removed, added, "the old line comes before its replacement")
}

func TestAStaleDiffStopsTheBuild(t *testing.T) {
	root := diffRepository(t)
	sitetest.WriteFile(t, root, "steps/2/main.go", "package main\n\nfunc main() {\n\tstop()\n}\n")
	_, err := Build(root, "docs", filepath.Join(t.TempDir(), "site"))
	assert.ErrorContains(t, err, "the diff of steps/2/main.go against steps/1/main.go differs from its sources: run make docs")
}

func TestBesideFileLeavesOutTheSharedFolders(t *testing.T) {
	assert.Equal(t, "2-errors/main.go", besideFile("lessons/03-server/steps/3-shutdown/main.go", "lessons/03-server/steps/2-errors/main.go"))
	assert.Equal(t, "steps/3-shutdown/main.go", besideFile("lessons/03-server/main.go", "lessons/03-server/steps/3-shutdown/main.go"))
	assert.Equal(t, "demos/a.go", besideFile("lessons/b.go", "demos/a.go"))
}

func TestALinkToASourceLeadsToThePageOfThatFile(t *testing.T) {
	root := diffRepository(t)
	sitetest.WriteFile(t, root, "docs/helpers.md", "# Helpers\n\nThe [`serve`](../steps/1/main.go#L3) of step 1.\n")
	out := t.TempDir()
	_, err := Build(root, "docs", out)
	require.NoError(t, err)
	page := sitetest.ReadFile(t, out, "helpers.html")
	assert.Contains(t, page, `<a href="source-steps-1-main.go.html"><code>serve</code></a>`, "the link leads to the file's page, on the site")
	whole := sitetest.ReadFile(t, out, "source-steps-1-main.go.html")
	assert.Contains(t, whole, `<a href="helpers.html">Helpers</a> shows`)
}
