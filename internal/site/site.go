// Package site renders the Markdown pages of docs/ into a static site:
// one HTML page each, with a sidebar of every page, a table of contents,
// code coloured by package highlight, the benchmark's blocks drawn by
// package benchpage, the sequence diagrams docs/diagrams/ holds, and an
// offline search index made by package search. Build is what make site
// runs.
package site

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"tcpgo/internal/benchpage"
	"tcpgo/internal/fenced"
	"tcpgo/internal/highlight"
	"tcpgo/internal/search"
)

//go:embed assets/page.html
var pageTemplate string

//go:embed assets/style.css
var baseCSS string

//go:embed assets/site.js
var siteJS string

//go:embed assets/search.js
var searchJS string

// Page is one rendered page of the site.
type Page struct {
	Source string // the Markdown file, relative to the root
	URL    string // the HTML file, relative to the site
	Title  string
	Order  int
	Body   template.HTML
	TOC    []Heading
	// Sections are the page's text, cut at its headings, for the search.
	Sections []search.Section
	// Lang is the page's language: "" for English, or Chinese (see
	// chinese.go). Other is the same page in the other language, which
	// the language switch links to, if it has one.
	Lang  string
	Other *Page
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Build renders the pages of dir (under root) into out, with their styles,
// script and diagrams, and returns the pages in reading order.
func Build(root, dir, out string) ([]*Page, error) {
	bench := &benchResults{file: filepath.Join(root, dir, filepath.FromSlash(benchpage.ResultsFile))}
	pages, err := renderPages(root, dir, bench)
	if err != nil {
		return nil, err
	}
	if err := removeStale(out); err != nil {
		return nil, err
	}
	if err := renderChinese(root, bench, pages); err != nil {
		return nil, err
	}
	if err := writePages(out, pages, ""); err != nil {
		return nil, err
	}
	if err := writePages(out, chineseSidebar(pages), chinese); err != nil {
		return nil, err
	}
	if err := writeWholeFiles(root, out, pages); err != nil {
		return nil, err
	}
	if err := writeAssets(out); err != nil {
		return nil, err
	}
	if err := copyDiagrams(filepath.Join(root, dir), out); err != nil {
		return nil, err
	}
	if err := copyResults(bench, out); err != nil {
		return nil, err
	}
	if err := writeSearchIndex(out, "search-index.js", pages); err != nil {
		return nil, err
	}
	if err := writeSearchIndex(out, chineseIndexFile, chineseSidebar(pages)); err != nil {
		return nil, err
	}
	return pages, copyRepositoryFiles(root, out)
}

// renderPages renders every page of dir, and puts them in reading order.
func renderPages(root, dir string, bench *benchResults) ([]*Page, error) {
	sources, err := fenced.Pages(root, dir)
	if err != nil {
		return nil, err
	}
	var pages []*Page
	for _, src := range sources {
		p, err := renderPage(root, src, bench)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		pages = append(pages, p)
	}
	slices.SortStableFunc(pages, func(a, b *Page) int { return a.Order - b.Order })
	return pages, nil
}

// removeStale removes the pages, diagrams and search passages of an
// earlier build, so that a page or diagram removed from docs/ goes from
// the site too.
func removeStale(out string) error {
	for _, dir := range []string{"diagrams", "search", captureDir} {
		if err := os.MkdirAll(filepath.Join(out, dir), 0o755); err != nil {
			return err
		}
	}
	for _, pattern := range []string{"*.html", filepath.Join("diagrams", "*.svg"), filepath.Join("search", "*.js"), filepath.Join(captureDir, "*")} {
		stale, err := filepath.Glob(filepath.Join(out, pattern))
		if err != nil {
			return err
		}
		for _, f := range stale {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// writePages writes each page of a language in the site's template, which
// links it to every page of its sidebar, and to the pages before and
// after it.
func writePages(out string, pages []*Page, lang string) error {
	tmpl, err := template.New("page").Parse(pageTemplate)
	if err != nil {
		return err
	}
	for i, p := range pages {
		if p.Lang != lang {
			continue // an untranslated page in the Chinese sidebar
		}
		data := struct {
			*Page
			Pages      []*Page
			Prev, Next *Page
		}{Page: p, Pages: pages}
		if i > 0 {
			data.Prev = pages[i-1]
		}
		if i+1 < len(pages) {
			data.Next = pages[i+1]
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, data); err != nil {
			return fmt.Errorf("%s: %w", p.Source, err)
		}
		if err := os.WriteFile(filepath.Join(out, p.URL), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeAssets writes the stylesheet, its own rules and then the colours of
// code, the pages' script, and the search's, which it loads when needed. Their comments and indentation stay in
// their sources, which a line at the top of each names: every page loads
// them, and those would weigh a tenth of the heaviest page.
func writeAssets(out string) error {
	css := "/* The site's styles; their sources, commented, are internal/site/assets/*.css and internal/highlight. */\n" +
		withoutComments(baseCSS+diffCSS) + highlight.CSS()
	if err := os.WriteFile(filepath.Join(out, "style.css"), []byte(css), 0o644); err != nil {
		return err
	}
	for name, js := range map[string]string{"site.js": siteJS, "search.js": searchJS} {
		js = "// Its source, commented, is internal/site/assets/" + name + ".\n" + withoutLineComments(js)
		if err := os.WriteFile(filepath.Join(out, name), []byte(js), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// A CSS comment and the line break after it, or a line's indentation.
var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/\n?|(?m)^[ \t]+`)

func withoutComments(css string) string { return cssComment.ReplaceAllString(css, "") }

// A line of the script that holds a comment alone, or a line's
// indentation. (A comment after code stays: a // there might be inside a
// string. No string of the script spans lines, whose indentation would
// be its own.)
var jsCommentLine = regexp.MustCompile(`(?m)^[ \t]*//.*\n|^[ \t]+`)

func withoutLineComments(js string) string { return jsCommentLine.ReplaceAllString(js, "") }

// captureDir holds the captures the script suite records, beside their
// packet ladders (package drift draws them), in docs/ and in the site.
const captureDir = "wire"

// copyDiagrams copies the diagrams that make docs drew into the site,
// and the recorded captures with their packet ladders: a page shows the
// ladder, and links to the .pcap for the reader to open in Wireshark.
func copyDiagrams(docs, out string) error {
	for _, pattern := range []string{filepath.Join("diagrams", "*.svg"), filepath.Join(captureDir, "*.svg"), filepath.Join(captureDir, "*.pcap")} {
		files, err := filepath.Glob(filepath.Join(docs, pattern))
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := copyFile(f, filepath.Join(out, filepath.Dir(pattern), filepath.Base(f))); err != nil {
				return err
			}
		}
	}
	return nil
}

// copyResults puts the benchmark's results in the site, for the page that
// shows them links to them; a site with no such page has none.
func copyResults(bench *benchResults, out string) error {
	to := filepath.Join(out, filepath.FromSlash(benchpage.ResultsFile))
	if bench.results == nil {
		if err := os.Remove(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return copyFile(bench.file, to)
}

// writeSearchIndex writes the index of every word of the site, and the
// passages of each page that its results show.
func writeSearchIndex(out, file string, pages []*Page) error {
	var indexed []search.Page
	for _, p := range pages {
		page := search.Page{URL: p.URL, Title: p.Title, Sections: p.Sections}
		indexed = append(indexed, page)
		passages, err := search.Passages(page)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, search.PassagesFile(p.URL)), passages, 0o644); err != nil {
			return err
		}
	}
	index, err := search.Index(indexed)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, file), index, 0o644)
}

// copyRepositoryFiles copies the repository's README and licence, which
// every page links to.
func copyRepositoryFiles(root, out string) error {
	for from, to := range map[string]string{"README.md": "README.md", "README.zh-CN.md": "README.zh-CN.md", "LICENSE": "LICENSE.txt"} {
		if err := copyFile(filepath.Join(root, from), filepath.Join(out, to)); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}
