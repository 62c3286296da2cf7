// Package search makes the site's search index. The search works
// offline, from file:// too: the site holds an index, search-index.js,
// that the page's script loads the first time the reader searches. The
// index maps each word of the site, prose and code alike, to the sections
// it appears in; a section is the text under a heading. A result shows
// a sentence of its section, the words the reader typed marked, as
// mdBook's search does: each page's sentences are a file of their own
// (see Passages), which the script loads only for the pages it lists,
// for all of them would weigh four times the index.
package search

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Page is what the index needs of a page of the site.
type Page struct {
	URL      string // the HTML file, relative to the site
	Title    string
	Sections []Section
}

// Section is the text of a page under one of its headings.
type Section struct {
	ID    string // the heading's id; "" for the text before the first one
	Title string // the heading
	Prose string // a paragraph, list item or table row a line
	Code  string // the lines of its code blocks
}

// A word is letters, digits and underscores, in any script, as the page's
// script cuts what the reader types; a run of Chinese characters in it is
// a word of its own, even with no space before or after it.
var (
	wordPattern   = regexp.MustCompile(`[\p{L}\p{N}_]+`)
	scriptPattern = regexp.MustCompile(`\p{Han}+|\P{Han}+`)
)

// words are the words of a text that the index lists, lower case. Chinese
// writes no spaces between words: a run of Chinese characters is listed
// as each of its characters and each pair of them, so that 半关闭 is
// found by its pairs, 半关 and 关闭, wherever it stands in a sentence.
func words(text string) []string {
	var out []string
	for _, w := range wordPattern.FindAllString(text, -1) {
		for _, part := range scriptPattern.FindAllString(strings.ToLower(w), -1) {
			r := []rune(part)
			if !unicode.Is(unicode.Han, r[0]) {
				if len(r) >= 2 {
					out = append(out, part)
				}
				continue
			}
			for i := range r {
				out = append(out, string(r[i]))
				if i+1 < len(r) {
					out = append(out, string(r[i:i+2]))
				}
			}
		}
	}
	return out
}

// Index is the script that defines the index:
//
//	SEARCH_INDEX = {pages: [[url, title], ...],
//	                sections: [[page, id, heading], ...],
//	                words: {word: "sections", ...},
//	                common: [word, ...]}
//
// Words are lower case; the script matches what the reader types against
// their beginnings. A word's sections are written short, as the steps
// from one section number to the next (see sectionSteps): the index is
// loaded whole, and a third of its size went on lists of numbers. A
// section names its page by its number, for the same reason. A word found
// in more than half of the sections ("the", "and") narrows nothing down:
// it is listed among the common words, which the script takes as found
// everywhere.
func Index(pages []Page) ([]byte, error) {
	idx := collect(pages)
	common := idx.takeCommon()
	// Sorted keys make the same file every time.
	var b strings.Builder
	b.WriteString("// The site's search index, made by the site tool; see internal/search/search.go.\n")
	b.WriteString("window.SEARCH_INDEX = {\"pages\":")
	if err := writeJSON(&b, idx.pages); err != nil {
		return nil, err
	}
	b.WriteString(",\"sections\":")
	if err := writeJSON(&b, idx.sections); err != nil {
		return nil, err
	}
	b.WriteString(",\"words\":{")
	for i, w := range slices.Sorted(maps.Keys(idx.words)) {
		if i > 0 {
			b.WriteByte(',')
		}
		steps, err := sectionSteps(idx.words[w])
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%q:%q", w, steps)
	}
	b.WriteString("},\"common\":")
	if err := writeJSON(&b, common); err != nil {
		return nil, err
	}
	b.WriteString("};\n")
	return []byte(b.String()), nil
}

// index is the search index before it is written out.
type index struct {
	pages    [][2]string      // url, title
	sections [][3]any         // page number, heading id, heading
	words    map[string][]int // word to the numbers of its sections
}

// collect lists the pages and their sections, and the sections each word
// is found in.
func collect(pages []Page) *index {
	idx := &index{words: map[string][]int{}}
	for i, p := range pages {
		idx.pages = append(idx.pages, [2]string{p.URL, p.Title})
		for _, s := range p.Sections {
			n := len(idx.sections)
			idx.sections = append(idx.sections, [3]any{i, s.ID, s.Title})
			seen := map[string]bool{}
			for _, w := range words(s.Title + " " + s.Prose + " " + s.Code) {
				if seen[w] {
					continue
				}
				seen[w] = true
				idx.words[w] = append(idx.words[w], n)
			}
		}
	}
	return idx
}

// takeCommon removes the words found in more than half of the sections,
// and returns them, sorted.
func (idx *index) takeCommon() []string {
	var common []string
	for w, ids := range idx.words {
		if 2*len(ids) > len(idx.sections) {
			common = append(common, w)
			delete(idx.words, w)
		}
	}
	slices.Sort(common)
	return common
}

// writeJSON writes v to b as JSON.
func writeJSON(b *strings.Builder, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b.Write(data)
	return nil
}

// sectionSteps writes increasing section numbers as the steps between
// them, starting from -1: a step of 1 to 36 is one base-36 digit (0 to
// z, for the step less one), a longer one "~" and two digits. The page's
// script reads them back (sectionIDs in site.js).
func sectionSteps(ids []int) (string, error) {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	var b strings.Builder
	prev := -1
	for _, id := range ids {
		d := id - prev - 1
		prev = id
		switch {
		case d < 0:
			return "", fmt.Errorf("search index: section %d listed out of order", id)
		case d < 36:
			b.WriteByte(digits[d])
		case d < 36*36:
			b.WriteByte('~')
			b.WriteByte(digits[d/36])
			b.WriteByte(digits[d%36])
		default:
			return "", fmt.Errorf("search index: %d sections are more than it can number", id)
		}
	}
	return b.String(), nil
}
