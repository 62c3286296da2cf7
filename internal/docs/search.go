package docs

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// The search works offline, from file:// too: the site holds an index,
// search-index.js, that the page's script loads the first time the reader
// searches. The index maps each word of the site, prose and code alike, to
// the sections it appears in; a section is the text under a heading.

// Section is the text of a page under one of its headings.
type Section struct {
	ID    string // the heading's id; "" for the text before the first one
	Title string // the heading
	Text  string
}

// sections cuts a page's text at its headings of levels 2 and 3.
func sections(doc ast.Node, src []byte, title string) []Section {
	out := []Section{{Title: title}}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && (h.Level == 2 || h.Level == 3) {
			id, _ := h.AttributeString("id")
			idText, _ := id.([]byte)
			out = append(out, Section{ID: string(idText), Title: nodeText(h, src)})
			continue
		}
		last := &out[len(out)-1]
		last.Text += " " + allText(n, src)
	}
	return out
}

// allText is the text of a node: its words, its inline code, and the
// lines of its code blocks.
func allText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			b.WriteByte(' ')
		case *ast.String:
			b.Write(t.Value)
		case *ast.FencedCodeBlock:
			for i := 0; i < t.Lines().Len(); i++ {
				line := t.Lines().At(i)
				b.Write(line.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// A word is letters, digits and underscores, in any script, as the page's
// script cuts what the reader types.
var word = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// searchIndex is the script that defines the index:
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
func searchIndex(pages []*Page) ([]byte, error) {
	type index struct {
		Pages    [][2]string      `json:"pages"`
		Sections [][3]any         `json:"sections"`
		Words    map[string][]int `json:"words"`
	}
	idx := index{Words: map[string][]int{}}
	for i, p := range pages {
		idx.Pages = append(idx.Pages, [2]string{p.URL, p.Title})
		for _, s := range p.Sections {
			n := len(idx.Sections)
			idx.Sections = append(idx.Sections, [3]any{i, s.ID, s.Title})
			seen := map[string]bool{}
			for _, w := range word.FindAllString(s.Title+" "+s.Text, -1) {
				w = strings.ToLower(w)
				if utf8.RuneCountInString(w) < 2 || seen[w] {
					continue
				}
				seen[w] = true
				idx.Words[w] = append(idx.Words[w], n)
			}
		}
	}
	var common []string
	for w, ids := range idx.Words {
		if 2*len(ids) > len(idx.Sections) {
			common = append(common, w)
			delete(idx.Words, w)
		}
	}
	slices.Sort(common)
	// Sorted keys make the same file every time.
	var b strings.Builder
	b.WriteString("// The site's search index, made by the site tool; see internal/docs/search.go.\n")
	b.WriteString("window.SEARCH_INDEX = {\"pages\":")
	list, err := json.Marshal(idx.Pages)
	if err != nil {
		return nil, err
	}
	b.Write(list)
	b.WriteString(",\"sections\":")
	list, err = json.Marshal(idx.Sections)
	if err != nil {
		return nil, err
	}
	b.Write(list)
	b.WriteString(",\"words\":{")
	for i, w := range slices.Sorted(maps.Keys(idx.Words)) {
		if i > 0 {
			b.WriteByte(',')
		}
		steps, err := sectionSteps(idx.Words[w])
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%q:%q", w, steps)
	}
	b.WriteString("},\"common\":")
	list, err = json.Marshal(common)
	if err != nil {
		return nil, err
	}
	b.Write(list)
	b.WriteString("};\n")
	return []byte(b.String()), nil
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
