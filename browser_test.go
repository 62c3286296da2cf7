package tcpgo

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
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
)

// findBrowser returns Chromium's path, or skips the test where there is
// none; under CI=true a missing browser fails the test instead.
func findBrowser(t *testing.T) string {
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if strings.EqualFold(os.Getenv("CI"), "true") {
		t.Fatal("no Chromium on PATH, and CI=true requires the browser test to run (apt-get install chromium)")
	}
	t.Skip("no Chromium on PATH (apt-get install chromium)")
	return ""
}

// problems collects what a reader would notice went wrong: console errors,
// uncaught exceptions, failed requests, and requests that leave the machine.
type problems struct {
	mu   sync.Mutex
	host string
	list []string
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
		if u := ev.Request.URL; !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, p.host) {
			p.add("request leaves the site: %s", u)
		}
	}
}

func TestSiteInBrowser(t *testing.T) {
	t.Parallel()
	chromium := findBrowser(t)
	out, pages := buildSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	found := &problems{host: srv.URL}

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
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(found.listen))
	defer cancel()
	// Start the browser with a context of its own: a timeout on the first
	// Run would stop the whole browser when it expires.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")))

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		stepCtx, done := context.WithTimeout(ctx, 20*time.Second)
		defer done()
		require.NoError(t, chromedp.Do(stepCtx, actions...), what)
	}
	// arrived waits until the browser shows the page, fully loaded. The
	// file server answers index.html at "/".
	arrived := func(page string) chromedp.Action[chromedp.Void] {
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

	// Walk the whole site by its next links, checking each page's title.
	step("open the index", chromedp.Navigate(srv.URL+"/index.html"), arrived("index.html"))
	for i, p := range pages {
		title, err := chromedp.Run(ctx, chromedp.Title())
		require.NoError(t, err)
		assert.Equal(t, p.Title+" · TCP in Go", title)
		if i+1 < len(pages) {
			step("follow the next link from "+p.URL, chromedp.Click(".pager a.next"), arrived(pages[i+1].URL))
		}
	}
	last := pages[len(pages)-1]
	visible, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".pager a.next") === null && document.querySelector(".pager a.prev") !== null`))
	require.NoError(t, err)
	assert.True(t, visible, "the last page links back, not forward")

	// The arrow keys turn the pages.
	step("press the left arrow", chromedp.KeyEvent(kb.ArrowLeft), arrived(pages[len(pages)-2].URL))
	step("press the right arrow", chromedp.KeyEvent(kb.ArrowRight), arrived(last.URL))

	// The copy button copies the command alone: no "$ ", no output.
	origin := strings.TrimSuffix(srv.URL, "/")
	_, err = chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "clipboard-read"}, Setting: browser.PermissionSettingGranted, Origin: origin,
	})
	require.NoError(t, err)
	step("open lesson 2", chromedp.Navigate(srv.URL+"/02-client.html"), arrived("02-client.html"))
	const want = "go run ./lessons/02-client"
	step("click the copy button of "+want, chromedp.Click(`(//button[contains(@class,"copy")][@data-copy="`+want+`"])[1]`))
	copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, want, copied)

	// Screenshots, light and dark, wide and narrow, for a person to look at.
	dir, err := filepath.Abs(filepath.Join("build", "screenshots"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for _, shot := range []struct {
		page, anchor, scheme string
		width, height        int64
	}{
		{"04-conversation.html", "", "light", 1400, 900},
		{"04-conversation.html", "", "dark", 1400, 900},
		{"04-conversation.html", "run-it", "dark", 1400, 900},
		{"03-server.html", "run-it", "light", 1400, 900},
		{"03-server.html", "", "light", 390, 844},
	} {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: shot.scheme}},
		})
		require.NoError(t, err)
		url := srv.URL + "/" + shot.page
		if shot.anchor != "" {
			url += "#" + shot.anchor
		}
		step("open "+url, chromedp.EmulateViewport(shot.width, shot.height), chromedp.Navigate(url), arrived(shot.page))
		bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		require.NoError(t, err)
		wantBG := map[string]string{"light": "rgb(255, 255, 255)", "dark": "rgb(13, 17, 23)"}[shot.scheme]
		assert.Equal(t, wantBG, bg, "%s in %s mode", shot.page, shot.scheme)
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		name := strings.TrimSuffix(shot.page, ".html")
		if shot.anchor != "" {
			name += "-" + shot.anchor
		}
		path := filepath.Join(dir, fmt.Sprintf("%s-%s-%d.png", name, shot.scheme, shot.width))
		require.NoError(t, os.WriteFile(path, png, 0o644))
		t.Logf("screenshot: %s", path)
	}

	// On a wide screen Node and Go stand side by side; on a narrow one, stacked.
	step("wide lesson 4", chromedp.EmulateViewport(1400, 900), chromedp.Navigate(srv.URL+"/04-conversation.html"), arrived("04-conversation.html"))
	layout := `(() => { const [a, b] = document.querySelectorAll(".pair > figure"); const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect(); return ra.top === rb.top && ra.right <= rb.left ? "side by side" : rb.top >= ra.bottom ? "stacked" : "overlapping"; })()`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](layout))
	require.NoError(t, err)
	assert.Equal(t, "side by side", got)
	step("narrow lesson 4", chromedp.EmulateViewport(390, 844), chromedp.Reload(), arrived("04-conversation.html"))
	got, err = chromedp.Run(ctx, chromedp.Evaluate[string](layout))
	require.NoError(t, err)
	assert.Equal(t, "stacked", got)

	// With JavaScript off the page still reads: the content and the
	// previous and next links are there, and no copy button that could not
	// work is shown.
	_, err = chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	require.NoError(t, err)
	step("lesson 3 without JavaScript", chromedp.EmulateViewport(1400, 900), chromedp.Navigate(srv.URL+"/03-server.html"), arrived("03-server.html"))
	heading, err := chromedp.Run(ctx, chromedp.Text("main h1"))
	require.NoError(t, err)
	assert.Equal(t, "Lesson 3: an echo server", heading)
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".pager a")].map(a => a.getAttribute("href"))`))
	require.NoError(t, err)
	assert.Equal(t, []string{"02-client.html", "04-conversation.html"}, links)
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("button.copy")].filter(b => b.offsetParent !== null).length`))
	require.NoError(t, err)
	assert.Zero(t, shown, "copy buttons stay hidden without JavaScript")

	found.mu.Lock()
	defer found.mu.Unlock()
	assert.Empty(t, found.list, "console errors or failed requests")
}
