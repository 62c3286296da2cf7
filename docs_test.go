package tcpgo

import (
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/drift"
	"tcpgo/internal/fenced"
)

// Every embedded block of docs/ and every diagram matches its source: the
// lesson code, the Node twins, the golden outputs the scripts check.
func TestDocsMatchTheirSources(t *testing.T) {
	drifts, err := drift.Check(".", "docs")
	require.NoError(t, err)
	for _, d := range drifts {
		t.Error(d)
	}
}

// No code or output on the pages is pasted by hand: every fenced block
// names the source it is copied from, or is a bare command.
func TestDocsPasteNothing(t *testing.T) {
	pages, err := fenced.Pages(".", "docs")
	require.NoError(t, err)
	require.NotEmpty(t, pages)
	for _, page := range pages {
		text, err := os.ReadFile(page)
		require.NoError(t, err)
		blocks, err := fenced.Parse(page, text)
		require.NoError(t, err)
		for _, b := range blocks {
			bareCommand := b.Lang == "console" && b.Attrs["cmd"] != "" && b.Body == "$ "+b.Attrs["cmd"]+"\n"
			if !b.Embedded() && !bareCommand {
				t.Errorf("%s:%d: a %q block with no source: give it file= or output=", page, b.Line, b.Lang)
			}
		}
	}
}

// A page read as plain text shows no solution under its exercise: each
// solution's block is empty in the Markdown (fill=site), and the site
// fills it, folded, when it renders the page.
func TestDocsHoldNoSolutionCode(t *testing.T) {
	pages, err := fenced.Pages(".", "docs")
	require.NoError(t, err)
	solutions := 0
	for _, page := range pages {
		text, err := os.ReadFile(page)
		require.NoError(t, err)
		blocks, err := fenced.Parse(page, text)
		require.NoError(t, err)
		for _, b := range blocks {
			if strings.Contains(b.Attrs["file"], "/solution/") {
				solutions++
				assert.Equal(t, "site", b.Attrs["fill"], "%s:%d: a solution's block is filled by the site (fill=site)", page, b.Line)
				assert.Empty(t, b.Body, "%s:%d: a solution's block is empty in the Markdown", page, b.Line)
			}
		}
	}
	assert.GreaterOrEqual(t, solutions, 10, "every exercise's solution is on its page")
}

// The site, built once for the tests that only read it.
var (
	siteOnce  sync.Once
	siteDir   string
	sitePages []builtPage
	siteErr   error
)

// A builtPage is a page of the site as its sidebar lists it.
type builtPage struct {
	URL   string // the HTML file, relative to the site
	Title string
}

// builtSite returns the site built once for the whole run. It lives in
// the folder of the test binary's programs, which TestMain removes.
func builtSite(t *testing.T) (string, []builtPage) {
	t.Helper()
	buildSiteOnce()
	require.NoError(t, siteErr)
	return siteDir, sitePages
}

// buildSiteOnce builds the site with the site program, as make site does.
// The program is built without the race detector: under it the build
// takes ten times as long (6 s against 0.5), and internal/site's own
// tests run it under -race.
func buildSiteOnce() {
	siteOnce.Do(func() {
		<-built
		if siteErr = buildErr; siteErr != nil {
			return
		}
		siteDir = siteOut()
		cmd := exec.Command(filepath.Join(binDir, "site"), "-root", ".", "-out", siteDir)
		if out, err := cmd.CombinedOutput(); err != nil {
			siteErr = fmt.Errorf("site -out %s: %v\n%s", siteDir, err, out)
			return
		}
		sitePages, siteErr = readSidebar(filepath.Join(siteDir, "index.html"))
	})
}

// sidebarLink is a page's entry in the sidebar: its own links to its
// sections are indented under it, in a list of their own.
var sidebarLink = regexp.MustCompile(`(?m)^<li><a href="([^"#]+\.html)"[^>]*>([^<]+)</a>`)

// readSidebar returns the pages that the sidebar of index lists, in the
// order the reader meets them.
func readSidebar(index string) ([]builtPage, error) {
	text, err := os.ReadFile(index)
	if err != nil {
		return nil, err
	}
	_, nav, _ := strings.Cut(string(text), `<nav class="sidebar"`)
	nav, _, _ = strings.Cut(nav, "</nav>")
	var pages []builtPage
	for _, m := range sidebarLink.FindAllStringSubmatch(nav, -1) {
		pages = append(pages, builtPage{URL: m[1], Title: html.UnescapeString(m[2])})
	}
	if len(pages) < 5 {
		return nil, fmt.Errorf("%s: the sidebar lists %d pages", index, len(pages))
	}
	return pages, nil
}

// siteOut is where builtSite renders the site.
func siteOut() string { return filepath.Join(binDir, "rendered-site") }

var (
	reference = regexp.MustCompile(`\s(href|src)="([^"]*)"`)
	anchorID  = regexp.MustCompile(`\sid="([^"]*)"`)
)

// Every link and resource of the site resolves inside it: the file exists
// and so does the anchor. Nothing is loaded from elsewhere. The pages
// checked are every HTML file of the site: those of the sidebar and the
// whole files that the diffs of steps link to.
func TestSiteLinksResolve(t *testing.T) {
	t.Parallel()
	out, sidebar := builtSite(t)
	files, err := filepath.Glob(filepath.Join(out, "*.html"))
	require.NoError(t, err)
	require.Greater(t, len(files), len(sidebar), "the whole files have pages of their own")
	var pages []builtPage
	ids := map[string][]string{}
	for _, f := range files {
		p := builtPage{URL: filepath.Base(f)}
		pages = append(pages, p)
		html := readString(t, f)
		for _, m := range anchorID.FindAllStringSubmatch(html, -1) {
			ids[p.URL] = append(ids[p.URL], m[1])
		}
	}
	checked := 0
	for _, p := range pages {
		html := readString(t, filepath.Join(out, p.URL))
		for _, m := range reference.FindAllStringSubmatch(html, -1) {
			attr, target := m[1], m[2]
			if strings.HasPrefix(target, "data:") {
				continue // inline, loads nothing
			}
			if strings.Contains(target, "://") || strings.HasPrefix(target, "//") {
				if attr == "src" || strings.Contains(m[0], "stylesheet") {
					t.Errorf("%s loads %s from outside the site", p.URL, target)
				}
				continue
			}
			file, frag, _ := strings.Cut(target, "#")
			if file == "" {
				file = p.URL
			}
			if _, err := os.Stat(filepath.Join(out, file)); err != nil {
				t.Errorf("%s: link to %s: no such file", p.URL, target)
				continue
			}
			if frag != "" && !slices.Contains(ids[file], frag) {
				t.Errorf("%s: link to %s: %s has no id %q", p.URL, target, file, frag)
			}
			checked++
		}
	}
	t.Logf("%d internal links and resources resolve", checked)
	assert.Greater(t, checked, 100)
}

// A page with its stylesheet, script and diagrams stays under 150 KB.
// The search index is not part of a page's weight: no page names it, and
// the page's script fetches it the first time the reader uses the search
// box (the browser test checks both). It has a budget of its own, half a
// page's, for the reader waits for it as they type. Nor are the packet
// ladders, which the browser fetches when the reader comes near one
// (loading="lazy"), each a few KB: every other image counts.
func TestSiteSize(t *testing.T) {
	t.Parallel()
	out, pages := builtSite(t)
	shared := fileSize(t, out, "style.css") + fileSize(t, out, "site.js")
	index := fileSize(t, out, "search-index.js")
	t.Logf("style.css %.1f KB, site.js %.1f KB, search-index.js %.1f KB (loaded on first search)", float64(fileSize(t, out, "style.css"))/1000,
		float64(fileSize(t, out, "site.js"))/1000, float64(index)/1000)
	assert.Less(t, index, int64(75_000), "search-index.js")
	diagram := regexp.MustCompile(`<img src="((?:diagrams|wire)/[^"]+)"[^>]*>`)
	for _, p := range pages {
		html := readString(t, filepath.Join(out, p.URL))
		assert.NotContains(t, html, "search-index.js", "%s loads the search index before the reader searches", p.URL)
		size := fileSize(t, out, p.URL) + shared
		for _, m := range diagram.FindAllStringSubmatch(html, -1) {
			if strings.Contains(m[0], `loading="lazy"`) {
				assert.True(t, strings.HasPrefix(m[1], "wire/"), "%s: only the packet ladders load lazily: %s", p.URL, m[0])
				continue
			}
			size += fileSize(t, out, m[1])
		}
		t.Logf("%-24s %6.1f KB with its CSS, JS and images", p.URL, float64(size)/1000)
		assert.Less(t, size, int64(150_000), p.URL)
	}
}

func fileSize(t *testing.T, dir, name string) int64 {
	t.Helper()
	info, err := os.Stat(filepath.Join(dir, name))
	require.NoError(t, err)
	return info.Size()
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}
