package tcpgo

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"tcpgo/internal/i18n"
)

// Every page of the Chinese edition is whole: each message of its English
// page translated, none stale (its English changed since), each term of
// the terminology list translated one way, and each link kept. A message
// is named by its page and line, so that an English edit that lands
// without its Chinese says where.
func TestChinesePagesAreTranslated(t *testing.T) {
	translated, err := i18n.TranslatedPages(".")
	require.NoError(t, err)
	require.NotEmpty(t, translated, "no page listed in %s", i18n.TranslatedFile)
	terms, err := i18n.LoadTerms(i18n.TermsFile)
	require.NoError(t, err)
	for name := range translated {
		source := "docs/" + name + ".md"
		page, err := os.ReadFile(source)
		require.NoError(t, err, "%s lists %s", i18n.TranslatedFile, name)
		cat, err := i18n.LoadCatalogue(i18n.CataloguePath(source))
		require.NoError(t, err)
		for _, p := range i18n.Check(source, page, cat, terms) {
			t.Error(p, "(make i18n refreshes the catalogue; translate it in "+filepath.ToSlash(i18n.CataloguePath(source))+")")
		}
	}
}

// The Chinese README is whole and current: each message of README.md
// translated, none stale, its terms and links kept, and README.zh-CN.md
// what make i18n makes of README.md and the catalogue, so that an English
// edit without its Chinese, or a catalogue edit without make i18n, fails.
func TestChineseReadme(t *testing.T) {
	readme, err := os.ReadFile(i18n.ReadmeSource)
	require.NoError(t, err)
	cat, err := i18n.LoadCatalogue(i18n.ReadmeCatalogue)
	require.NoError(t, err)
	terms, err := i18n.LoadTerms(i18n.TermsFile)
	require.NoError(t, err)
	prose, err := i18n.ReadmeProse(readme)
	require.NoError(t, err)
	for _, p := range i18n.Check(i18n.ReadmeSource, prose, cat, terms) {
		t.Error(p, "(make i18n refreshes the catalogue; translate it in "+i18n.ReadmeCatalogue+")")
	}
	want, _, err := i18n.ChineseReadme(readme, cat)
	require.NoError(t, err)
	got, err := os.ReadFile(i18n.ReadmeChinese)
	require.NoError(t, err, "make i18n writes it")
	if string(got) != string(want) {
		t.Errorf("%s is not what %s and %s make: make i18n writes it again", i18n.ReadmeChinese, i18n.ReadmeSource, i18n.ReadmeCatalogue)
	}
}

// The same page in both languages has the same heading ids, so that a
// link to a section and the language switch land on the same section,
// and the same links: code, diagrams and the pages it leads to.
func TestChinesePagesKeepIDsAndLinks(t *testing.T) {
	t.Parallel()
	out, _ := builtSite(t)
	zhPages, err := filepath.Glob(filepath.Join(out, "*.zh.html"))
	require.NoError(t, err)
	require.NotEmpty(t, zhPages)
	for _, zh := range zhPages {
		en := strings.TrimSuffix(zh, ".zh.html") + ".html"
		zhMain, enMain := mainOf(t, zh), mainOf(t, en)
		if want, got := anchorIDs(enMain), anchorIDs(zhMain); !slices.Equal(want, got) {
			t.Errorf("%s: ids %q, want the English page's %q", filepath.Base(zh), got, want)
		}
		if want, got := pageLinks(enMain), pageLinks(zhMain); !slices.Equal(want, got) {
			t.Errorf("%s: links %q, want the English page's %q", filepath.Base(zh), got, want)
		}
		if !strings.Contains(readString(t, zh), `<html lang="zh-CN">`) {
			t.Errorf("%s is not marked Chinese", filepath.Base(zh))
		}
		if !strings.Contains(readString(t, en), `<a class="language" href="`+filepath.Base(zh)+`"`) {
			t.Errorf("%s has no switch to %s", filepath.Base(en), filepath.Base(zh))
		}
	}
}

// mainOf is the page's own content, without the sidebar and the frame.
func mainOf(t *testing.T, file string) string {
	_, main, _ := strings.Cut(readString(t, file), `<main id="content">`)
	main, _, _ = strings.Cut(main, `<nav class="pager"`)
	return main
}

func anchorIDs(html string) []string {
	var ids []string
	for _, m := range anchorID.FindAllStringSubmatch(html, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// A link to a Chinese page counts as a link to its English page.
var chinesePage = regexp.MustCompile(`\.zh\.html\b`)

// pageLinks are a page's links and resources, sorted.
func pageLinks(html string) []string {
	var out []string
	for _, m := range reference.FindAllStringSubmatch(html, -1) {
		out = append(out, chinesePage.ReplaceAllString(m[2], ".html"))
	}
	slices.Sort(out)
	return out
}
