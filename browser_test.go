package tcpgo

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/benchjson"
	"tcpgo/internal/benchpage"
)

// indexFetched says whether the page has fetched the search index, or
// any page's search passages.
const indexFetched = `performance.getEntriesByType("resource").some(e => e.name.endsWith("/search-index.js") || e.name.includes("/search/"))`

// findBrowser returns Chromium's path: $CHROMIUM, or the first of its
// names on PATH.
func findBrowser(t *testing.T) string {
	return findTool(t, "Chromium", "the browser test to run", "apt-get install chromium",
		os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome")
}

// findTool returns the path of the first of names that is installed
// (what, for a person). Where none is, the test is skipped, saying how to
// install it, but under CI=true, where .ci/run installs it, it fails:
// CI must require what it needs.
func findTool(t *testing.T, what, needs, install string, names ...string) string {
	t.Helper()
	for _, name := range names {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if strings.EqualFold(os.Getenv("CI"), "true") {
		t.Fatalf("no %s on PATH, and CI=true requires %s (%s)", what, needs, install)
	}
	t.Skipf("no %s on PATH (%s)", what, install)
	return ""
}

// problems collects what a reader would notice went wrong: console errors,
// uncaught exceptions, failed requests, and requests that leave the machine.
type problems struct {
	mu    sync.Mutex
	host  string // the site, served
	files string // the site, as files
	list  []string
}

func (p *problems) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *problems) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var args []string
			for _, a := range ev.Args {
				if a.Description != "" {
					args = append(args, a.Description)
				} else {
					args = append(args, string(a.Value))
				}
			}
			p.add("console %s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		p.add("uncaught exception: %s", ev.ExceptionDetails.Text)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p.add("browser log: %s %s", ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventLoadingFailed:
		p.add("request failed: %s", ev.ErrorText)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			p.add("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
		}
	case *network.EventRequestWillBeSent:
		if u := ev.Request.URL; !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, p.host) && !strings.HasPrefix(u, p.files) {
			p.add("request leaves the site: %s", u)
		}
	}
}

// session is one tab of the browser, on the site, for the steps of a
// test.
type session struct {
	t     *testing.T
	ctx   context.Context
	host  string      // the site, served: "http://127.0.0.1:port"
	files string      // the site as files: "file:///.../"
	pages []builtPage // the site's pages, in the order of their next links
	shots string      // where screenshots go
}

// do runs actions, failing the test if they fail or take over 20 s.
func (s *session) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	ctx, done := context.WithTimeout(s.ctx, 20*time.Second)
	defer done()
	require.NoError(s.t, chromedp.Do(ctx, actions...), what)
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](s *session, expr string) T {
	s.t.Helper()
	v, err := chromedp.Run(s.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	require.NoError(s.t, err, expr)
	return v
}

// open goes to a page (with #anchor, if any) at a window size, and waits
// until it has loaded.
func (s *session) open(page string, width, height int64) {
	s.t.Helper()
	s.do("open "+page, chromedp.EmulateViewport(width, height), chromedp.Navigate(s.host+"/"+page), arrived(page))
}

// arrived waits until the browser shows the page, fully loaded. The file
// server answers index.html at "/".
func arrived(page string) chromedp.Action[chromedp.Void] {
	page, _, _ = strings.Cut(page, "#")
	path := "/" + strings.TrimSuffix(page, "index.html")
	check := chromedp.Evaluate[bool](fmt.Sprintf(`location.pathname === %q && document.readyState === "complete"`, path))
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		// While the old page unloads, evaluating fails: ask again.
		for {
			if ok, err := check(ctx, t); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %w", page, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
}

// until waits until a JavaScript expression is true in the page.
func until(expr string) chromedp.Action[chromedp.Void] {
	check := chromedp.Evaluate[bool](expr)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			ok, err := check(ctx, t)
			if err != nil {
				return err
			}
			if ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %w", expr, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
}

// emulate emulates the system's colour scheme (light or dark) or a medium
// (print), "" for none.
func (s *session) emulate(features ...*emulation.MediaFeature) {
	s.t.Helper()
	_, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: features})
	require.NoError(s.t, err)
}

// with is the session for a subtest.
func (s *session) with(t *testing.T) *session {
	c := *s
	c.t = t
	return &c
}

// screenshot saves the page as it looks, in build/screenshots, for a
// person to look at. Under CI=true nobody does: it is left out, to save
// the seconds it costs.
func (s *session) screenshot(name string) {
	s.t.Helper()
	if strings.EqualFold(os.Getenv("CI"), "true") {
		return
	}
	png, err := chromedp.Run(s.ctx, chromedp.CaptureScreenshot())
	require.NoError(s.t, err)
	path := filepath.Join(s.shots, name+".png")
	require.NoError(s.t, os.WriteFile(path, png, 0o644))
	s.t.Logf("screenshot: %s", path)
}

// The site in a real browser: what a reader sees and does, page by page.
// One browser, three tabs: the tests of single pages run in the second,
// and axe-core in the third, while the first walks the site, for none
// of them changes what the pages remember (the colours chosen), which
// the tests after the walk do.
//
// Like each of its loops over every page, the whole test keeps its pass
// for the site as built, its own code and the browser (passKept): a
// warm make test on an unchanged site spends no browser time.
func TestSiteInBrowser(t *testing.T) {
	t.Parallel()
	chromium := findBrowser(t)
	builtSite(t)
	kept, keep := passKept(t, installedBrowser(t, chromium), "browser",
		readString(t, "browser_test.go"), readString(t, "browser_chinese_test.go"), readString(t, "keptpass_test.go"), readString(t, "docs_test.go"), axeScript(t))
	if kept {
		return
	}
	defer keep()
	first, found := openSite(t)
	second := first.newTab(t, found)
	var pageTests sync.WaitGroup
	// Should the walk stop the test, its subtests still end first.
	defer pageTests.Wait()
	pageTests.Go(func() {
		t.Run("search", second.run(browseSearch))
		t.Run("pair", second.run(browsePair))
		t.Run("mobile", second.run(browseOnAPhone))
		t.Run("code blocks", second.run(browseCodeBlocks))
		t.Run("exercises", second.run(browseExercises))
		t.Run("tables", second.run(browseTables))
		t.Run("chinese", second.run(browseChinese))
	})
	// axe-core takes the longest: a tab of its own.
	third := first.newTab(t, found)
	pageTests.Go(func() { t.Run("accessibility", third.run(browseWithAxe)) })
	t.Run("next links", first.run(browseByNextLinks))
	pageTests.Wait()

	t.Run("bench", first.run(browseBenchPage))
	t.Run("theme", first.run(browseColourThemes))
	t.Run("print", first.run(browsePrinted))
	t.Run("without JavaScript", first.run(browseWithoutJavaScript))

	found.mu.Lock()
	defer found.mu.Unlock()
	assert.Empty(t, found.list, "console errors or failed requests")
}

// openSite builds the site, serves it, and opens a browser on it. found
// collects the problems of every tab. The browser closes at the end of
// the test.
func openSite(t *testing.T) (*session, *problems) {
	chromium := findBrowser(t)
	// The site builds while the browser starts: each takes seconds
	// under the race detector and a busy machine.
	siteBuilt := make(chan struct{})
	go func() {
		defer close(siteBuilt)
		buildSiteOnce()
	}()
	srv := httptest.NewServer(http.FileServer(http.Dir(siteOut())))
	t.Cleanup(srv.Close)
	s := &session{t: t, host: srv.URL, files: "file://" + filepath.ToSlash(siteOut()) + "/"}
	found := &problems{host: s.host, files: s.files}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1400, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	t.Cleanup(cancelAlloc)
	var cancel context.CancelFunc
	s.ctx, cancel = chromedp.NewContext(allocCtx, chromedp.WithListener(found.listen))
	t.Cleanup(cancel)
	// Start the browser with a context of its own: a timeout on the first
	// Run would stop the whole browser when it expires.
	require.NoError(t, chromedp.Do(s.ctx, chromedp.Navigate("about:blank")))
	<-siteBuilt
	_, s.pages = builtSite(t)
	shots, err := filepath.Abs(filepath.Join("build", "screenshots"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(shots, 0o755))
	s.shots = shots
	return s, found
}

// newTab opens another tab of the same browser, on the same site.
func (s *session) newTab(t *testing.T, found *problems) *session {
	tab := *s
	var cancel context.CancelFunc
	tab.ctx, cancel = chromedp.NewContext(s.ctx, chromedp.WithListener(found.listen))
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(tab.ctx, chromedp.Navigate("about:blank")))
	return &tab
}

// run makes a subtest of a test of the site, in this session's tab.
func (s *session) run(test func(t *testing.T, s *session)) func(t *testing.T) {
	return func(t *testing.T) { test(t, s.with(t)) }
}

// Walk the whole site by its next links. Each page's title, heading and
// entry in the sidebar say the same, and none fetches the search index
// before the reader searches; the arrow keys turn the pages.
func browseByNextLinks(t *testing.T, s *session) {
	pages := s.pages
	s.open("index.html", 1400, 900)
	for i, p := range pages {
		assert.False(t, eval[bool](s, indexFetched), "%s fetched the search index unasked", p.URL)
		assert.Empty(t, eval[[]string](s, pairProblems), p.URL)
		assert.Equal(t, p.Title+" · TCP in Go", eval[string](s, `document.title`))
		assert.Equal(t, p.Title, eval[string](s, `document.querySelector("main h1").textContent`))
		assert.Equal(t, p.Title, eval[string](s, `document.querySelector(".sidebar a[aria-current=page]").textContent`))
		if i+1 < len(pages) {
			s.do("follow the next link from "+p.URL, chromedp.Click(".pager a.next"), arrived(pages[i+1].URL))
		}
	}
	assert.True(t, eval[bool](s, `document.querySelector(".pager a.next") === null && document.querySelector(".pager a.prev") !== null`),
		"the last page links back, not forward")

	last := pages[len(pages)-1]
	s.do("press the left arrow", chromedp.KeyEvent(kb.ArrowLeft), arrived(pages[len(pages)-2].URL))
	s.do("press the right arrow", chromedp.KeyEvent(kb.ArrowRight), arrived(last.URL))
}

// pairProblems lists what is wrong with the page's pairs of code blocks:
// at 1400 px Node and Go stand side by side, and no code block of a pair
// scrolls sideways or is set under 13 px.
const pairProblems = `[...document.querySelectorAll(".pair pre")].flatMap(pre => {
	const size = parseFloat(getComputedStyle(pre).fontSize);
	const name = pre.closest("figure").querySelector("figcaption span").textContent;
	const out = [];
	if (pre.scrollWidth > pre.clientWidth) out.push(name + " scrolls sideways by " + (pre.scrollWidth - pre.clientWidth) + " px");
	if (size < 13) out.push(name + " has " + size + " px code");
	const [a, b] = pre.closest(".pair").children;
	if (a.getBoundingClientRect().top !== b.getBoundingClientRect().top) out.push(name + ": the pair is not side by side");
	return out;
})`

// The search box: / or s focuses it, the index loads on the first search,
// Escape closes the results, and a result leads to its section. Opened as
// files, with no server, the site searches too.
func browseSearch(t *testing.T, s *session) {
	s.open("index.html", 1400, 900)
	assert.False(t, eval[bool](s, indexFetched+` || "SEARCH_INDEX" in window`), "no index before the first search")
	s.do("press /", chromedp.KeyEvent("/"))
	assert.Equal(t, "search", eval[string](s, `document.activeElement.id`), "/ focuses the search box")
	s.do("type CloseWrite", chromedp.Evaluate[chromedp.Void](`document.getElementById("search").select()`), chromedp.KeyEvent("CloseWrite"))
	// The index loads on first use; the results follow.
	s.do("wait for results", chromedp.WaitVisible(`#search-results a`))
	assert.True(t, eval[bool](s, indexFetched), "the first search fetched the index")
	hits := eval[[]string](s, `[...document.querySelectorAll("#search-results a")].map(a => a.getAttribute("href"))`)
	assert.Contains(t, hits, "02-client.html#step-2-closewrite-and-read-until-the-end")
	for _, lesson := range []string{"01-socket-events.html", "02-client.html", "04-conversation.html"} {
		assert.True(t, slices.ContainsFunc(hits, func(h string) bool { return strings.HasPrefix(h, lesson) }), "CloseWrite is used in %s: %v", lesson, hits)
	}
	// Each result shows the sentence or line that holds the word, the
	// word marked, as well as its heading, once its page's passages are
	// in. (The pages found by the first letters typed, should the
	// browser be slow, may have theirs fetched too.)
	s.do("wait for the sentences", until(`[...document.querySelectorAll("#search-results a")].every(a => a.querySelector(".teaser"))`))
	fetched := eval[[]string](s, `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("/search/"))
		.map(n => n.replace(/.*\/search\//, "").replace(/\.js$/, ".html"))`)
	var found []string
	for _, h := range hits {
		found = append(found, strings.SplitN(h, "#", 2)[0])
	}
	assert.Subset(t, fetched, found, "the passages of every page found are fetched")
	t.Logf("the search fetched the passages of %d pages: %v", len(fetched), fetched)
	teasers := eval[[][]string](s, `[...document.querySelectorAll("#search-results a")].map(a =>
		[a.querySelector("strong").textContent, a.querySelector(".teaser").textContent, ...[...a.querySelectorAll(".teaser mark")].map(m => m.textContent)])`)
	require.Len(t, teasers, len(hits))
	for _, teaser := range teasers {
		heading, text, marks := teaser[0], teaser[1], teaser[2:]
		assert.NotEqual(t, heading, text, "a result shows more than its heading")
		assert.Greater(t, len(strings.Fields(text)), 3, "a result shows a sentence: %q", text)
		require.NotEmpty(t, marks, "the word typed is marked in %q", text)
		for _, m := range marks {
			assert.True(t, strings.HasPrefix(strings.ToLower(m), "closewrite"), "only the words typed are marked: %q in %q", m, text)
		}
	}
	s.do("Escape", chromedp.KeyEvent(kb.Escape))
	assert.True(t, eval[bool](s, `document.getElementById("search-results").hidden`), "Escape closes the results")
	assert.NotEqual(t, "search", eval[string](s, `document.activeElement.id`), "and leaves the box")
	// s works as /, and a result leads to its section.
	s.do("press s", chromedp.KeyEvent("s"))
	assert.Equal(t, "search", eval[string](s, `document.activeElement.id`), "s focuses the search box too")
	// The protocol sends a key's character apart from the key, so the
	// page cannot cancel it as it does a real key's: select what the
	// box holds, as the page does, to type over it.
	s.do("search again", chromedp.Evaluate[chromedp.Void](`document.getElementById("search").select()`),
		chromedp.KeyEvent("closewrite read"), chromedp.WaitVisible(`#search-results a .teaser`))
	s.screenshot("search-1400")
	want := eval[string](s, `document.querySelector("#search-results a").getAttribute("href")`)
	s.do("follow the first result", chromedp.Click(`#search-results a`), arrived(want))
	assert.Equal(t, "#"+strings.SplitN(want, "#", 2)[1], eval[string](s, `location.hash`))
	assert.True(t, eval[bool](s, `document.getElementById("search-results").hidden`), "following a result closes the list")

	// Opened as files, with no server, the search works too.
	s.do("open the site as files", chromedp.Navigate(s.files+"index.html"), chromedp.WaitReady("body"))
	s.do("search from file://", chromedp.Evaluate[chromedp.Void](`document.getElementById("search").focus()`),
		chromedp.KeyEvent("AfterFunc"), chromedp.WaitVisible(`#search-results a`))
	assert.Contains(t, eval[string](s, `document.querySelector("#search-results a").href`), "file://")
}

// A Node program beside its Go translation, for a person to look at.
// A comment too long for its pane wraps, and leaves no word alone on its
// last line.
func browsePair(t *testing.T, s *session) {
	if kept, keep := passKept(t, browserVersion(t, s.ctx), "pairs", readString(t, "browser_test.go")); !kept {
		defer keep()
		for _, p := range s.pages {
			s.open(p.URL, 1400, 900)
			// The pairs folded away count too.
			s.do("open the folds", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => { d.open = true; })`))
			assert.Empty(t, eval[[]string](s, lonelyWords), p.URL)
		}
	}
	s.open("01-socket-events.html#data", 1400, 900) // a pair on the main line
	s.screenshot("01-socket-events-pair-1400")
}

// lonelyWords lists the comments in pairs whose wrapping leaves one word
// alone on their last line.
const lonelyWords = `[...document.querySelectorAll(".pair pre .line")].filter(line => /^\s*(\/\/|#)/.test(line.textContent)).flatMap(line => {
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  const chars = [];
  const r = document.createRange();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    for (let i = 0; i < t.length; i++) {
      r.setStart(t, i); r.setEnd(t, i + 1);
      const rect = r.getClientRects()[0];
      if (rect) chars.push([rect.top, t.data[i]]);
    }
  }
  if (!chars.length) return [];
  const tops = [...new Set(chars.map(c => Math.round(c[0])))];
  if (tops.length < 2) return [];
  const last = chars.filter(c => Math.round(c[0]) === tops[tops.length - 1]).map(c => c[1]).join("").trim();
  return last.includes(" ") ? [] : [line.closest("figure").querySelector("figcaption span").textContent + ": " + line.textContent.trim().slice(0, 60) + " … ends with the line " + JSON.stringify(last)];
})`

// On a phone: no copy button covers text, the navigation is a menu, and
// a diagram keeps its size and scrolls.
func browseOnAPhone(t *testing.T, s *session) {
	s.open("01-socket-events.html", 390, 844)
	// No copy button covers text: it sits in the block's caption.
	overlaps := eval[[]string](s, `[...document.querySelectorAll("button.copy")].flatMap(b => {
		const r = b.getBoundingClientRect();
		const fig = b.closest("figure");
		const others = [fig.querySelector("pre"), fig.querySelector("figcaption span"), fig.querySelector(".checked")].filter(Boolean);
		return others.filter(o => { const q = o.getBoundingClientRect(); return r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom; })
			.map(o => fig.querySelector("figcaption span").textContent + ": over " + o.tagName);
	})`)
	assert.Empty(t, overlaps)
	assert.Greater(t, eval[int](s, `[...document.querySelectorAll("button.copy")].filter(b => b.offsetParent).length`), 10, "every code block has a copy button")

	// The navigation is a menu that opens and closes.
	sidebarShown := `getComputedStyle(document.getElementById("sidebar")).display !== "none"`
	assert.False(t, eval[bool](s, sidebarShown), "the sidebar waits behind the menu")
	s.do("open the menu", chromedp.Click(".menu-button"))
	assert.True(t, eval[bool](s, sidebarShown))
	assert.Equal(t, "true", eval[string](s, `document.querySelector(".menu-button").getAttribute("aria-expanded")`))
	s.screenshot("01-socket-events-menu-390")
	s.do("close the menu", chromedp.Click(".menu-button"))
	assert.False(t, eval[bool](s, sidebarShown))

	// A diagram keeps its size, and scrolls: its labels (14 px in its
	// own units) stay at least 11 px tall.
	s.open("02-client.html#what-crossed-the-wire", 390, 844)
	label := eval[float64](s, `(() => { const img = document.querySelector('main img[src^="diagrams/"]');
		return 14 * img.getBoundingClientRect().width / img.naturalWidth; })()`)
	assert.GreaterOrEqual(t, label, 11.0, "diagram label size in px")
	s.screenshot("02-client-diagram-390")
	s.open("03-server.html", 390, 844)
	s.screenshot("03-server-light-390")
}

// Headings link to themselves, the table of contents follows the section
// in view, and a copy button copies its block.
func browseCodeBlocks(t *testing.T, s *session) {
	s.open("03-server.html", 1400, 900)
	assert.Equal(t, "#step-2-errors-stay-with-their-client",
		eval[string](s, `document.querySelector("#step-2-errors-stay-with-their-client .permalink").getAttribute("href")`))
	s.do("scroll to step 2", chromedp.Evaluate[chromedp.Void](`document.getElementById("step-2-errors-stay-with-their-client").scrollIntoView()`))
	s.do("wait for the table of contents", chromedp.WaitVisible(`.toc a.current[href="#step-2-errors-stay-with-their-client"]`))
	assert.Equal(t, 1, eval[int](s, `document.querySelectorAll(".toc a.current").length`))

	// A copy button copies its block: a command alone, or the code.
	origin := strings.TrimSuffix(s.host, "/")
	_, err := chromedp.CallBrowser(s.ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "clipboard-read"}, Setting: browser.PermissionSettingGranted, Origin: origin,
	})
	require.NoError(t, err)
	s.open("02-client.html", 1400, 900)
	const command = "go run ./lessons/02-client"
	s.do("copy a command", chromedp.Click(`(//button[contains(@class,"copy")][@data-copy="`+command+`"])[1]`))
	assert.Equal(t, command, eval[string](s, `navigator.clipboard.readText()`))
	s.do("copy a Go block", chromedp.Click(`(//figure[contains(@class,"lang-go")]//button[contains(@class,"copy")])[1]`))
	copied := eval[string](s, `navigator.clipboard.readText()`)
	assert.Equal(t, eval[string](s, `document.querySelector("figure.lang-go pre").textContent.replace(/\n$/, "")`), copied)
	assert.Contains(t, copied, "\tlog.Fatal(err)\n", "the code as it is, tabs and all")
}

// Every lesson ends with its exercises, each solution folded away until
// the reader opens it.
func browseExercises(t *testing.T, s *session) {
	for _, p := range s.pages {
		if !strings.HasPrefix(p.URL, "0") {
			continue
		}
		s.open(p.URL, 1400, 900)
		assert.GreaterOrEqual(t, eval[int](s, `document.querySelectorAll("#exercises ~ details").length`), 2, p.URL)
		assert.Zero(t, eval[int](s, `document.querySelectorAll("details[open]").length`), "%s: solutions start folded", p.URL)
	}
	s.open("02-client.html", 1400, 900)
	solution := `document.querySelector("#exercises ~ details pre")`
	assert.False(t, eval[bool](s, solution+`.checkVisibility()`), "a folded solution is not shown")
	s.do("scroll to the exercises", chromedp.Evaluate[chromedp.Void](`document.getElementById("exercises").scrollIntoView()`))
	s.do("open a solution", chromedp.Click(`#exercises ~ details summary`))
	assert.True(t, eval[bool](s, solution+`.checkVisibility()`), "an opened solution shows its code")
	assert.Greater(t, eval[float64](s, solution+`.getBoundingClientRect().height`), 100.0, "all of it")
	s.screenshot("02-client-exercise-1400")
}

// The bench page: a row of its table for each figure, charts named for a
// screen reader, in the colours the reader chose, legible on a phone.
func browseBenchPage(t *testing.T, s *session) {
	results, err := benchjson.Read(filepath.Join("docs", benchpage.ResultsFile))
	require.NoError(t, err)
	s.open("bench.html", 1400, 900)
	// The table holds every figure of the results, whatever they are.
	assert.Equal(t, len(results.Figures), eval[int](s, `document.querySelectorAll("table.figures tbody tr").length`))
	// Each chart has a name for a screen reader, and bars to see.
	charts := eval[[]string](s, `[...document.querySelectorAll("figure.chart svg")].map(svg =>
		document.getElementById(svg.getAttribute("aria-labelledby")).textContent)`)
	assert.NotEmpty(t, charts)
	for _, name := range charts {
		assert.True(t, strings.HasPrefix(name, "Go against Node: "), name)
	}
	assert.True(t, eval[bool](s, `[...document.querySelectorAll("figure.chart rect.bar")].every(r => r.getBBox().height > 0)`))
	// The charts take the colours the reader chose.
	fill := `getComputedStyle(document.querySelector("figure.chart text")).fill`
	s.do("choose Light", chromedp.Click(`label[for="theme-light"]`))
	assert.Equal(t, "rgb(31, 35, 40)", eval[string](s, fill))
	s.do("scroll to a chart", chromedp.Evaluate[chromedp.Void](`document.querySelector("figure.chart").scrollIntoView()`))
	s.screenshot("bench-light-1400")
	s.do("choose Dark", chromedp.Click(`label[for="theme-dark"]`))
	assert.Equal(t, "rgb(230, 237, 243)", eval[string](s, fill))
	s.do("scroll to a chart", chromedp.Evaluate[chromedp.Void](`document.querySelector("figure.chart").scrollIntoView()`))
	s.screenshot("bench-dark-1400")
	s.do("scroll to the table", chromedp.Evaluate[chromedp.Void](`document.querySelector("table.figures").scrollIntoView()`))
	s.screenshot("bench-table-dark-1400")
	s.do("choose Auto", chromedp.Click(`label[for="theme-auto"]`))

	// On a phone every chart fits its box, scaled down no further than
	// its words stay legible (12 px; a diagram's may be 11), and every
	// figure's value is in view.
	s.open("bench.html", 390, 844)
	charts390 := eval[[]map[string]float64](s, `[...document.querySelectorAll("figure.chart")].map(fig => {
		const svg = fig.querySelector("svg");
		const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
		const words = [...svg.querySelectorAll("text")].map(v => v.getBoundingClientRect().right);
		return {width: svg.getBoundingClientRect().width, box: fig.clientWidth, scrolls: fig.scrollWidth - fig.clientWidth,
			label: parseFloat(getComputedStyle(svg.querySelector("text")).fontSize) * scale,
			wordsRight: Math.max(...words), boxRight: fig.getBoundingClientRect().right};
	})`)
	require.NotEmpty(t, charts390)
	for i, c := range charts390 {
		assert.LessOrEqual(t, c["width"], c["box"], "chart %d: no wider than its box", i+1)
		assert.Zero(t, c["scrolls"], "chart %d: nothing to scroll to", i+1)
		assert.LessOrEqual(t, c["wordsRight"], c["boxRight"], "chart %d: all its words in view, every value among them", i+1)
		assert.GreaterOrEqual(t, c["label"], 12.0, "chart %d: label size in px", i+1)
	}
	s.do("scroll to a chart", chromedp.Evaluate[chromedp.Void](`document.querySelector("figure.chart").scrollIntoView()`))
	s.screenshot("bench-390")
	s.do("scroll to the table", chromedp.Evaluate[chromedp.Void](`document.querySelector("table.figures").scrollIntoView()`))
	s.screenshot("bench-table-390")
}

// The colour switch: Auto follows the system, and a choice is remembered
// from page to page and wins over the system's.
func browseColourThemes(t *testing.T, s *session) {
	bg := `getComputedStyle(document.body).backgroundColor`
	const light, dark = "rgb(255, 255, 255)", "rgb(13, 17, 23)"
	s.emulate(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: "light"})
	s.open("02-client.html", 1400, 900)
	assert.Equal(t, light, eval[string](s, bg), "Auto follows the system")
	s.do("choose Dark", chromedp.Click(`label[for="theme-dark"]`))
	assert.Equal(t, dark, eval[string](s, bg))
	s.do("next page", chromedp.Click(".pager a.next"), arrived("03-server.html"))
	assert.Equal(t, dark, eval[string](s, bg), "the choice is remembered")
	assert.True(t, eval[bool](s, `document.getElementById("theme-dark").checked`))
	s.screenshot("03-server-dark-1400")
	s.emulate(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: "dark"})
	s.do("choose Light", chromedp.Click(`label[for="theme-light"]`))
	assert.Equal(t, light, eval[string](s, bg), "Light wins over a dark system")
	s.do("choose Auto", chromedp.Click(`label[for="theme-auto"]`))
	assert.Equal(t, dark, eval[string](s, bg), "Auto follows the dark system")
	s.open("04-conversation.html", 1400, 900)
	s.screenshot("04-conversation-dark-1400")
	s.emulate(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: "light"})
	s.open("04-conversation.html", 1400, 900)
	s.screenshot("04-conversation-light-1400")
}

// Printed, a page leaves out its navigation, wraps its code, sets dark
// text on paper and fits its diagrams to the page.
func browsePrinted(t *testing.T, s *session) {
	// A page narrower than a diagram, with dark colours chosen.
	s.open("04-conversation.html", 500, 900)
	s.do("choose Dark", chromedp.Click(`label[for="theme-dark"]`))
	_, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(t, err)
	hidden := eval[[]string](s, `[".top", ".sidebar", ".pager", "button.copy", ".foot"].filter(sel =>
		[...document.querySelectorAll(sel)].some(e => getComputedStyle(e).display !== "none"))`)
	assert.Empty(t, hidden, "printed, the page has no navigation")
	assert.Equal(t, "pre-wrap", eval[string](s, `getComputedStyle(document.querySelector("pre")).whiteSpace`), "code wraps")
	assert.Equal(t, "rgb(31, 35, 40)", eval[string](s, `getComputedStyle(document.body).color`), "dark text on paper, whatever the screen's colours")
	assert.True(t, eval[bool](s, `(() => { const img = document.querySelector('main img[src^="diagrams/"]');
		return img.getBoundingClientRect().width <= document.querySelector("main").getBoundingClientRect().width; })()`), "diagrams fit the page")
	_, err = chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	require.NoError(t, err)
	s.do("choose Auto", chromedp.Click(`label[for="theme-auto"]`))
}

// With JavaScript off the page still reads: the content, the previous
// and next links and the colour switch work, and nothing that could not
// work is shown.
func browseWithoutJavaScript(t *testing.T, s *session) {
	_, err := chromedp.Call(s.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	require.NoError(t, err)
	defer chromedp.Call(s.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
	s.open("03-server.html", 1400, 900)
	assert.Equal(t, "Lesson 3: an echo server", eval[string](s, `document.querySelector("main h1").textContent`))
	assert.Equal(t, []string{"02-client.html", "04-conversation.html"},
		eval[[]string](s, `[...document.querySelectorAll(".pager a")].map(a => a.getAttribute("href"))`))
	assert.Zero(t, eval[int](s, `[...document.querySelectorAll("button.copy, .search, .menu-button")].filter(b => b.offsetParent !== null).length`),
		"no copy button, search box or menu button without JavaScript")
	s.do("choose Dark", chromedp.Click(`label[for="theme-dark"]`))
	assert.Equal(t, "rgb(13, 17, 23)", eval[string](s, `getComputedStyle(document.body).backgroundColor`), "the colour switch works without JavaScript")
	s.open("03-server.html", 390, 844)
	assert.True(t, eval[bool](s, `getComputedStyle(document.getElementById("sidebar")).display !== "none"`), "without JavaScript, the navigation stays on the page")
}

// Every table keeps within its box, on a wide screen, a laptop's, a
// tablet's and a phone's: its words wrap, or its rows stack, rather than
// push its right edge out of view or hide columns in a scroller.
func browseTables(t *testing.T, s *session) {
	if kept, keep := passKept(t, browserVersion(t, s.ctx), "tables", readString(t, "browser_test.go")); !kept {
		defer keep()
		checkTables(t, s)
	}
	s.open("node-to-go.html#sockets", 1400, 900)
	s.screenshot("node-to-go-1400")
	s.open("node-to-go.html#sockets", 390, 844)
	s.screenshot("node-to-go-390")
}

// checkTables measures every table of every page at each width.
func checkTables(t *testing.T, s *session) {
	for _, p := range s.pages {
		s.open(p.URL, 1400, 900)
		for _, width := range []int64{1400, 1300, 1000, 830, 390} {
			s.do("resize the page", chromedp.EmulateViewport(width, 900))
			// The tables folded away count too.
			wide := eval[[]string](s, `document.querySelectorAll("details").forEach(d => { d.open = true; }),
				[...document.querySelectorAll("main table")].flatMap((table, i) => {
				const box = table.parentElement.getBoundingClientRect();
				const r = table.getBoundingClientRect();
				const out = [];
				if (r.right > box.right + 0.5) out.push("table " + (i + 1) + " ends " + Math.round(r.right - box.right) + " px beyond its box");
				if (table.scrollWidth > table.clientWidth) out.push("table " + (i + 1) + " is " + (table.scrollWidth - table.clientWidth) + " px wider than it shows");
				return out;
			})`)
			assert.Empty(t, wide, "%s at %d px", p.URL, width)
		}
	}
}

// axeScript returns axe-core's script, which make axe fetches (the
// Makefile pins its version and says where it goes, TCPGO_AXE). Without
// it the test says how to get it and skips; under CI=true it fails.
func axeScript(t *testing.T) string {
	path := os.Getenv("TCPGO_AXE")
	if path == "" {
		_, rest, _ := strings.Cut(readString(t, "Makefile"), "\nAXE_VERSION := ")
		version, _, _ := strings.Cut(rest, "\n")
		require.NotEmpty(t, version, "the Makefile pins axe-core: AXE_VERSION := x.y.z")
		cache, err := os.UserCacheDir()
		require.NoError(t, err)
		path = filepath.Join(cache, "tcpgo-axe", version, "axe.min.js")
	}
	script, err := os.ReadFile(path)
	if err != nil {
		if strings.EqualFold(os.Getenv("CI"), "true") {
			t.Fatalf("no axe-core at %s, and CI=true requires every page's accessibility to be checked (make axe)", path)
		}
		t.Skipf("no axe-core at %s: make axe fetches it from npm, then the browser test checks every page's accessibility", path)
	}
	return string(script)
}

// axeViolations runs axe-core on the page, with the options given, and
// lists what it finds: the rule, how serious, and each element, by its
// CSS selector.
func axeViolations(options string) string {
	return `axe.run(document, Object.assign({resultTypes: ["violations"]}, ` + options + `)).then(r => r.violations.flatMap(v =>
	v.nodes.map(n => v.id + " (" + v.impact + "): " + n.target.join(" ") + ": " + v.help)))`
}

// Every page, its folds open, passes axe-core's checks (names, contrast,
// landmarks, what a keyboard can reach) in light colours, its contrast
// in dark colours too (the rest does not change with them), and on a
// phone what changes with the width: what scrolls must be reachable by
// keyboard, and what is tapped large enough. So each page is checked for
// what can differ, and the costliest rule, contrast, runs twice, not
// three times. A pass is kept for the site as built (passKept).
func browseWithAxe(t *testing.T, s *session) {
	axe := axeScript(t)
	kept, keep := passKept(t, browserVersion(t, s.ctx), "axe", axe, readString(t, "browser_test.go"))
	if kept {
		return
	}
	defer keep()
	defer s.emulate()
	urls := make([]string, 0, len(s.pages)+1)
	for _, p := range s.pages {
		urls = append(urls, p.URL)
	}
	// The pages of whole files, which diffs link to, share one template:
	// the first of them stands for all.
	sources, err := filepath.Glob(filepath.Join(siteOut(), "source-*.html"))
	require.NoError(t, err)
	if len(sources) > 0 {
		urls = append(urls, filepath.Base(sources[0]))
	}
	// The Chinese edition's pages, in a language of their own, are
	// checked as the English ones are.
	urls = append(urls, chinesePages(t)...)
	// Each page is loaded once, and its colours and width changed in place.
	for _, url := range urls {
		s.emulate(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: "light"})
		s.open(url, 1400, 900)
		// What is folded away is checked too.
		s.do("load axe-core, open the folds", chromedp.Evaluate[chromedp.Void](axe),
			chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => { d.open = true; })`))
		assert.Empty(t, eval[[]string](s, axeViolations(`{}`)), "%s, light colours, 1400 px wide", url)
		s.emulate(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: "dark"})
		assert.Empty(t, eval[[]string](s, axeViolations(`{runOnly: ["color-contrast"]}`)), "%s, dark colours, 1400 px wide", url)
		s.emulate(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: "light"})
		s.do("narrow the page to a phone's", chromedp.EmulateViewport(390, 900))
		assert.Empty(t, eval[[]string](s, axeViolations(`{runOnly: ["scrollable-region-focusable", "target-size"]}`)), "%s, light colours, 390 px wide", url)
	}
}
