package search

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PassagesFile is where a page's passages are, in the site: the page's
// own name, in the folder search (03-server.html's are in
// search/03-server.js). The script finds them by the same rule.
func PassagesFile(url string) string {
	return "search/" + strings.TrimSuffix(url, ".html") + ".js"
}

// Passages is the script that holds what a page's results can show, by
// the id of their section's heading ("" for the text before the first):
//
//	SEARCH_PASSAGES["03-server.html"] = {id: "passage\npassage...", ...}
func Passages(p Page) ([]byte, error) {
	bySection := map[string]string{}
	for _, s := range p.Sections {
		bySection[s.ID] = strings.Join(passages(s), "\n")
	}
	url, err := json.Marshal(p.URL)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(bySection) // its keys sorted: the same file every time
	if err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "// What the search shows of %s, made by the site tool; see internal/search/passages.go.\n"+
		"(window.SEARCH_PASSAGES ??= {})[%s] = %s;\n", p.URL, url, data), nil
}

// passages returns what a section's results can show: its sentences, then
// its lines of code, each kept only if it holds a word that no passage
// before it does. So every word of the section, which is what the
// reader's words find it by, is in a passage, and the index carries the
// sentences the search could show but not the many lines of code that
// would repeat words already there. Prose comes first, for a sentence
// says more of a word than a line of code that uses it.
func passages(s Section) []string {
	var kept []string
	seen := map[string]bool{}
	for _, line := range strings.Split(s.Prose, "\n") {
		for _, sentence := range sentences(line) {
			kept = appendNew(kept, sentence, seen)
		}
	}
	for _, line := range strings.Split(s.Code, "\n") {
		kept = appendNew(kept, line, seen)
	}
	return kept
}

// appendNew appends a passage to kept if it holds a word that seen does
// not, and adds its words to seen.
func appendNew(kept []string, passage string, seen map[string]bool) []string {
	passage = strings.Join(strings.Fields(passage), " ")
	found := false
	for _, w := range wordPattern.FindAllString(passage, -1) {
		w = strings.ToLower(w)
		if utf8.RuneCountInString(w) >= 2 && !seen[w] {
			seen[w] = true
			found = true
		}
	}
	if !found {
		return kept
	}
	return append(kept, passage)
}

// sentences cuts a line of prose after each full stop, question or
// exclamation mark that a space and then no lower-case letter follow, so
// that "e.g. a socket" stays whole.
func sentences(line string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(line); i++ {
		if !strings.ContainsRune(".?!", rune(line[i])) || line[i+1] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(line[i+2:])
		if unicode.IsLower(next) {
			continue
		}
		out = append(out, line[start:i+1])
		start = i + 2
	}
	if rest := strings.TrimSpace(line[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}
