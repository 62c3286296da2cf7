package i18n

import (
	"strings"
	"testing"
)

const page = "---\norder: 9\n---\n# Half-close\n\nA [half-close](glossary.md#half-close) ends one side:\n`CloseWrite` does it.\n\n- **One** item\n  on two lines.\n\n| Node | Go |\n|------|----|\n| `end()` | `CloseWrite()` |\n| ends a side | ends a side |\n\n<details>\n<summary>Deeper: the <code>FIN</code></summary>\n\n```go\nconn.CloseWrite() // not a message\n```\n\n</details>\n"

func TestMessagesAreProseOnly(t *testing.T) {
	var got []string
	for _, m := range Messages([]byte(page)) {
		got = append(got, m.ID)
	}
	want := []string{
		"Half-close",
		"A [half-close](glossary.md#half-close) ends one side:\n`CloseWrite` does it.",
		"**One** item\non two lines.",
		"Node", "Go", "ends a side", "ends a side",
		"Deeper: the <code>FIN</code>",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("messages:\n got %q\nwant %q", got, want)
	}
	if line := Messages([]byte(page))[1].Line; line != 6 {
		t.Errorf("the paragraph starts on line %d, want 6", line)
	}
}

// catalogue is a .po file of the page, its translations as given.
func catalogue(t *testing.T, entries ...string) *Catalogue {
	t.Helper()
	c, err := ParseCatalogue([]byte(strings.Join(entries, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var whole = []string{
	"msgid \"Half-close\"\nmsgstr \"半关闭\"\n",
	"msgid \"A [half-close](glossary.md#half-close) ends one side:\\n\"\n\"`CloseWrite` does it.\"\nmsgstr \"[半关闭](glossary.md#half-close)只结束一个方向：`CloseWrite` 就是这样做的。\"\n",
	"msgid \"**One** item\\n\"\n\"on two lines.\"\nmsgstr \"**一**项\\n分两行。\"\n",
	"msgid \"Node\"\nmsgstr \"Node\"\n",
	"msgid \"Go\"\nmsgstr \"Go\"\n",
	"msgid \"ends a side\"\nmsgstr \"结束一个方向\"\n",
	"msgid \"Deeper: the <code>FIN</code>\"\nmsgstr \"深入：<code>FIN</code>\"\n",
}

var terms = []Term{{English: "half-close", Chinese: "半关闭", Avoid: []string{"半关"}}}

func TestTranslateKeepsCodeAndLayout(t *testing.T) {
	out, missing := Translate([]byte(page), catalogue(t, whole...).Lookup)
	if len(missing) > 0 {
		t.Fatalf("missing: %v", missing)
	}
	for _, want := range []string{"# 半关闭\n", "- **一**项\n  分两行。\n", "| `end()` | `CloseWrite()` |\n", "| 结束一个方向 | 结束一个方向 |\n",
		"<summary>深入：<code>FIN</code></summary>", "conn.CloseWrite() // not a message\n", "---\norder: 9\n---\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("translated page lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckPassesAWholeCatalogue(t *testing.T) {
	if p := Check("docs/p.md", []byte(page), catalogue(t, whole...), terms); len(p) > 0 {
		t.Errorf("problems in a whole catalogue: %v", p)
	}
}

// Each check fails on a catalogue wrong in its way, and names the line.
func TestCheckFindsEachProblem(t *testing.T) {
	for _, tc := range []struct {
		name    string
		replace string // the entry put in place of whole[1]
		want    string
	}{
		{"missing", "", `docs/p.md:6: missing translation of "A [half-close]`},
		{"stale", "#, fuzzy\n" + whole[1], `docs/p.md:6: stale translation`},
		{"term", strings.Replace(whole[1], "[半关闭]", "[半关]", 1), `"半关闭" is the term for "half-close", not "半关"`},
		{"term absent", strings.Replace(whole[1], "[半关闭]", "[单向关闭]", 1), `"half-close" is translated "半关闭" on the site, and is not here`},
		{"link", strings.Replace(whole[1], "#half-close)只", "#close)只", 1), `links ["glossary.md#half-close"] in the English, ["glossary.md#close"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entries := append([]string{}, whole...)
			entries[1] = tc.replace
			problems := Check("docs/p.md", []byte(page), catalogue(t, entries...), terms)
			if len(problems) != 1 || !strings.Contains(problems[0].String(), tc.want) {
				t.Errorf("problems %v, want one that says %q", problems, tc.want)
			}
		})
	}
}

func TestRefreshMarksAChangedMessageStale(t *testing.T) {
	old := catalogue(t, whole...)
	edited := strings.Replace(page, "ends one side:", "ends one direction:", 1)
	c, cov := Refresh(old, "docs/p.md", []byte(edited), "zh_CN")
	if cov != (Coverage{Translated: 6, Stale: 1}) {
		t.Errorf("coverage %+v, want 6 translated and 1 stale", cov)
	}
	text := string(c.Bytes())
	for _, want := range []string{"#, fuzzy\n#| msgid \"\"\n#| \"A [half-close](glossary.md#half-close) ends one side:\\n\"\n", "#: docs/p.md:6\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("refreshed catalogue lacks %q:\n%s", want, text)
		}
	}
	again, err := ParseCatalogue(c.Bytes())
	if err != nil || string(again.Bytes()) != text {
		t.Errorf("the catalogue does not read back as written (%v)", err)
	}
	if got := again.State("A [half-close](glossary.md#half-close) ends one direction:\n`CloseWrite` does it."); got != Stale {
		t.Errorf("the edited message reads back %s, want stale", got)
	}
}

// The Chinese README is the English one with its messages translated,
// its code as it was, and, under its title, a link back to the English
// where the English links to it.
func TestChineseReadmeLinksBack(t *testing.T) {
	readme := "# TCP in Go\n\n" + readmeToChinese + "\n\nRun it:\n\n```sh\nmake tour # every lesson\n```\n"
	c, err := ParseCatalogue([]byte("msgid \"TCP in Go\"\nmsgstr \"用 Go 学 TCP\"\n\nmsgid \"Run it:\"\nmsgstr \"运行：\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, missing, err := ChineseReadme([]byte(readme), c)
	want := "# 用 Go 学 TCP\n\n" + readmeToEnglish + "\n\n运行：\n\n```sh\nmake tour # every lesson\n```\n"
	if err != nil || len(missing) > 0 || string(got) != want {
		t.Errorf("got %q (missing %v, %v), want %q", got, missing, err, want)
	}
	if _, err := ReadmeProse([]byte("# TCP in Go\n\nNo link.\n")); err == nil {
		t.Error("a README without its link to the Chinese one is taken")
	}
}
