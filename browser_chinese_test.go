package tcpgo

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/i18n"
)

// chinesePages are the Chinese edition's pages, NAME.zh.html for each
// name of docs/zh-CN/translated.txt, in order.
func chinesePages(t *testing.T) []string {
	t.Helper()
	names, err := i18n.TranslatedPages(".")
	require.NoError(t, err)
	var urls []string
	for name := range names {
		urls = append(urls, name+".zh.html")
	}
	slices.Sort(urls)
	require.NotEmpty(t, urls, "no page listed in %s", i18n.TranslatedFile)
	return urls
}

// The Chinese edition as a reader meets it: every page says it is in
// Chinese (a screen reader picks its voice from <html lang>), the
// language switch keeps the section being read, both ways, and the
// search finds Chinese words as well as the code's.
func browseChinese(t *testing.T, s *session) {
	for _, url := range chinesePages(t) {
		s.open(url, 1400, 900)
		assert.Equal(t, "zh-CN", eval[string](s, `document.documentElement.lang`), url)
	}
	// The prose takes a CJK face first; the code keeps a monospaced one,
	// down to each highlighted token.
	s.open("02-client.zh.html", 1400, 900)
	assert.Contains(t, eval[string](s, `getComputedStyle(document.querySelector("main p")).fontFamily`), "Noto Sans CJK SC")
	assert.Contains(t, eval[string](s, `getComputedStyle(document.querySelector("pre code span")).fontFamily`), "monospace")
	switchLanguageInSection(t, s, "02-client", "#step-2-closewrite-and-read-until-the-end")

	// 半关闭 is half-close, 粘包 the bytes of two writes read as one: both
	// are lesson 2's, in the step that tells end() from Close and in the
	// section on what one Read returns.
	s.open("02-client.zh.html", 1400, 900)
	assert.Contains(t, searchFor(t, s, "半关闭"), "02-client.zh.html#step-1-the-articles-client-translated-plainly")
	assert.Contains(t, searchFor(t, s, "粘包"), "02-client.zh.html#one-write-is-not-one-data-event")
	// The code is the same in both editions, and so are its names.
	hits := searchFor(t, s, "CloseWrite")
	assert.Contains(t, hits, "02-client.zh.html#step-2-closewrite-and-read-until-the-end")
	for _, h := range hits {
		page, _, _ := strings.Cut(h, "#")
		assert.True(t, strings.HasSuffix(page, ".zh.html") || !slices.Contains(chinesePages(t), strings.TrimSuffix(page, ".html")+".zh.html"),
			"a Chinese page's search leads to Chinese pages where there are: %s", h)
	}
	s.do("close the results", chromedp.Evaluate[chromedp.Void](`document.getElementById("search").value = "", document.getElementById("search").blur(), document.getElementById("search-results").hidden = true`))
	s.screenshot("02-client-zh-1400")
	s.open("02-client.zh.html", 390, 844)
	s.screenshot("02-client-zh-390")
}

// switchLanguageInSection opens a section of an English page, switches
// to Chinese and back, and checks that each time the same section is in
// view.
func switchLanguageInSection(t *testing.T, s *session, name, hash string) {
	t.Helper()
	s.open(name+".html"+hash, 1400, 900)
	inView := `(() => { const r = document.getElementById(location.hash.slice(1)).getBoundingClientRect();
		return r.top >= 0 && r.top < innerHeight; })()`
	for _, to := range []struct{ page, lang string }{{name + ".zh.html", "zh-CN"}, {name + ".html", "en"}} {
		s.do("switch to "+to.page, chromedp.Click(`a.language`), arrived(to.page))
		assert.Equal(t, hash, eval[string](s, `location.hash`), "the switch to %s keeps the section", to.page)
		assert.True(t, eval[bool](s, inView), "%s%s shows its section", to.page, hash)
		assert.Equal(t, to.lang, eval[string](s, `document.documentElement.lang`))
	}
}

// searchFor types words into the search box as an input method does, and
// returns the links of the results.
func searchFor(t *testing.T, s *session, words string) []string {
	t.Helper()
	// Focusing the box loads the search's script, whose show answers
	// what is typed; the last search's results go first, so that the
	// results waited for are this search's.
	s.do("search for "+words, chromedp.Evaluate[chromedp.Void](`document.getElementById("search").focus(), document.getElementById("search").select(),
		document.getElementById("search-results").replaceChildren()`), until(`typeof show === "function"`))
	_, err := chromedp.Call(s.ctx, input.InsertText, input.InsertTextParams{Text: words})
	require.NoError(t, err)
	s.do("wait for the results of "+words, until(`document.getElementById("search").value === `+jsString(words)+
		` && document.querySelector("#search-results a") !== null`))
	return eval[[]string](s, `[...document.querySelectorAll("#search-results a")].map(a => a.getAttribute("href"))`)
}

// jsString is a Go string as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
