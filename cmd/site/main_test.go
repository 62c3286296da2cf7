package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/benchjson"
	"tcpgo/internal/benchpage"
	"tcpgo/internal/drift"
	"tcpgo/internal/site"
	"tcpgo/internal/sitetest"
)

// These tests run the site tool's packages together, on a small
// repository: make docs (drift.Refresh), the drift check (drift.Check) and
// make site (site.Build) must agree on every page.

// fixture lays out a small repository (see sitetest.Repository) and draws
// its diagram.
func fixture(t *testing.T) string {
	root := sitetest.Repository(t)
	_, err := drift.Refresh(root, "docs")
	require.NoError(t, err)
	return root
}

// A block with fill=site holds nothing in the Markdown: the check wants it
// empty, make docs leaves it empty, and the site shows its source.
func TestFillSiteBlocksStayEmptyInTheMarkdown(t *testing.T) {
	root := fixture(t)
	page := filepath.Join(root, "docs/x.md")
	text, err := os.ReadFile(page)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(page, append(text, []byte("\n```go file=lessons/x/main.go region=greet fill=site\n```\n")...), 0o644))

	drifts, err := drift.Check(root, "docs")
	require.NoError(t, err)
	assert.Empty(t, drifts, "an empty fill=site block is in line with its source")
	changed, err := drift.Refresh(root, "docs")
	require.NoError(t, err)
	assert.Empty(t, changed, "make docs copies nothing into it")

	out := t.TempDir()
	_, err = site.Build(root, "docs", out)
	require.NoError(t, err)
	assert.Contains(t, sitetest.ReadFile(t, out, "x.html"), `<span class="s">&#34;hello&#34;</span>`, "the site shows the region")

	// Code pasted into the block is drift; so is a region that has gone.
	require.NoError(t, os.WriteFile(page, append(text, []byte("\n```go file=lessons/x/main.go region=greet fill=site\nif true {\n```\n")...), 0o644))
	drifts, err = drift.Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1)
	assert.Contains(t, drifts[0].String(), "holds code: a fill=site block stays empty in the page")
	require.NoError(t, os.WriteFile(page, append(text, []byte("\n```go file=lessons/x/main.go region=gone fill=site\n```\n")...), 0o644))
	drifts, err = drift.Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1)
	assert.Contains(t, drifts[0].String(), "no ANCHOR: gone")
}

// benchFixture adds a page of bench blocks and its results to fixture.
func benchFixture(t *testing.T) string {
	root := fixture(t)
	require.NoError(t, os.MkdirAll(filepath.Join(root, "docs", "bench"), 0o755))
	require.NoError(t, benchjson.Write(filepath.Join(root, "docs", benchpage.ResultsFile), sitetest.Results()))
	page := "---\norder: 2\n---\n# Fast\n\n```bench show=machine\n```\n\n## Throughput\n\n```bench chart=tput,mem\n```\n\n" +
		"## All\n\n```bench show=table\n```\n\n## Micro\n\n```bench show=micro\n```\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "docs", "fast.md"), []byte(page), 0o644))
	return root
}

func TestBenchBlocksAreWrittenAndChecked(t *testing.T) {
	root := benchFixture(t)
	drifts, err := drift.Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 3, "the machine, the table and the micro benchmarks, not yet written")
	assert.Contains(t, drifts[1].String(), `docs/fast.md:16: block 3 (bench show=table) differs from its source at its line 1: the page has "", the source "| Measure |`)

	changed, err := drift.Refresh(root, "docs")
	require.NoError(t, err)
	assert.Equal(t, []string{"docs/fast.md"}, changed)
	drifts, err = drift.Check(root, "docs")
	require.NoError(t, err)
	assert.Empty(t, drifts)
	page, err := os.ReadFile(filepath.Join(root, "docs", "fast.md"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "```bench chart=tput,mem\n```\n", "a chart block stays empty")
	assert.Contains(t, string(page), "| throughput | 05-robust-server | 150 MB/s (140–160)<br>step 5: 50 MB/s (45–60) |")
	assert.Contains(t, string(page), "```bench show=micro\n| Package | Benchmark |")

	// A new run: the table on the page is now out of date.
	r := sitetest.Results()
	r.Figures[1].Go.Median = 155
	require.NoError(t, benchjson.Write(filepath.Join(root, "docs", benchpage.ResultsFile), r))
	drifts, err = drift.Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1)
	assert.Contains(t, drifts[0].String(), `block 3 (bench show=table) differs from its source at its line 4: the page has "| throughput | 05-robust-server | 150 MB/s`)
	_, err = site.Build(root, "docs", t.TempDir())
	assert.ErrorContains(t, err, "docs/fast.md: a bench block differs from "+filepath.Join(root, "docs", benchpage.ResultsFile)+": run make docs",
		"the site's table and charts never tell two stories")
}

func TestBenchPageIsBuilt(t *testing.T) {
	root := benchFixture(t)
	_, err := drift.Refresh(root, "docs")
	require.NoError(t, err)
	out := t.TempDir()
	_, err = site.Build(root, "docs", out)
	require.NoError(t, err)
	html := sitetest.ReadFile(t, out, "fast.html")
	assert.Equal(t, 1, strings.Count(html, `<figure class="chart">`))
	assert.Contains(t, html, `<title id="chart-tput-mem-title">`)
	assert.Contains(t, html, `<table class="figures">`)
	assert.Contains(t, html, `<td data-label="Lesson">05-robust-server</td>`, "the table is a table, each cell named by its column for a phone")
	assert.Contains(t, html, ">150 MB/s (140–160)<br>step 5: 50 MB/s (45–60)</td>", "before on a line of its own under Go")
	assert.Equal(t, 1, strings.Count(html, `<table class="figures">`), "one table of figures")
	assert.Contains(t, html, `<table class="micro">`, "and one of micro benchmarks, styled as its own")
	assert.Contains(t, html, `<code>tcpgo/lessons/<span class="whole">05-robust-server</span></code>`)
	assert.Contains(t, html, `class="before"`, "the chart has its bar from before the change")
	assert.Contains(t, html, "✗ <strong>missed</strong>")
	assert.Contains(t, html, `<a href="bench/results.json">The figures as`)
	assert.FileExists(t, filepath.Join(out, benchpage.ResultsFile), "the page links to the results")
	assert.NotContains(t, html, "<pre", "no bench block is shown as code")

	// Without the page, the site needs no results, and holds none.
	require.NoError(t, os.Remove(filepath.Join(root, "docs", "fast.md")))
	require.NoError(t, os.Remove(filepath.Join(root, "docs", benchpage.ResultsFile)))
	_, err = site.Build(root, "docs", out)
	require.NoError(t, err)
	assert.NoFileExists(t, filepath.Join(out, benchpage.ResultsFile))
}

func TestMissingResultsAreOneError(t *testing.T) {
	root := benchFixture(t)
	file := filepath.Join(root, "docs", benchpage.ResultsFile)
	require.NoError(t, os.Remove(file))
	_, err := drift.Check(root, "docs")
	assert.EqualError(t, err, "docs/fast.md:6: "+file+": no such file (make bench writes it)")
	_, err = drift.Refresh(root, "docs")
	assert.EqualError(t, err, "docs/fast.md:6: bench show=machine: "+file+": no such file (make bench writes it)")
	_, err = site.Build(root, "docs", t.TempDir())
	assert.EqualError(t, err, "docs/fast.md: "+file+": no such file (make bench writes it)")
}

func TestMissingMicroIsOneLineNamingTheFile(t *testing.T) {
	root := benchFixture(t)
	file := filepath.Join(root, "docs", benchpage.ResultsFile)
	_, err := drift.Refresh(root, "docs")
	require.NoError(t, err)
	r := sitetest.Results()
	r.Micro = nil
	require.NoError(t, benchjson.Write(file, r))
	want := file + ": no micro benchmarks (make bench runs them)"

	drifts, err := drift.Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 1, "only the block that shows them")
	assert.Equal(t, "docs/fast.md:31: block 4 (bench show=micro): "+want, drifts[0].String())
	_, err = drift.Refresh(root, "docs")
	assert.EqualError(t, err, "docs/fast.md:31: bench show=micro: "+want)
	_, err = site.Build(root, "docs", t.TempDir())
	assert.EqualError(t, err, "docs/fast.md: "+want)
}
