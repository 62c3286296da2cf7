package i18n

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// A Problem is something wrong with a page's translation, where the
// English page has the message.
type Problem struct {
	Source string // the English page
	Line   int
	What   string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.Source, p.Line, p.What) }

// A Term is a word of TCP and its one Chinese translation; Avoid lists
// the translations the site does not use for it.
type Term struct {
	English string
	Chinese string
	Avoid   []string
}

// LoadTerms reads a terminology list: a term a line, its English, a tab,
// its Chinese, and optionally a tab and the translations to avoid,
// separated by commas. Lines that start with # are comments.
func LoadTerms(path string) ([]Term, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var terms []Term
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 2 || len(fields) > 3 {
			return nil, fmt.Errorf("%s:%d: want English<TAB>Chinese[<TAB>avoid,avoid]", path, n)
		}
		t := Term{English: fields[0], Chinese: fields[1]}
		if len(fields) == 3 {
			t.Avoid = strings.Split(fields[2], ",")
		}
		terms = append(terms, t)
	}
	return terms, sc.Err()
}

// Check lists what is wrong with a page's catalogue: each message missing
// or stale, each term of terms translated another way, and each message
// whose translation has not the same links, or not the same markup, as
// its English.
func Check(source string, page []byte, c *Catalogue, terms []Term) []Problem {
	var out []Problem
	for _, m := range Messages(page) {
		problem := func(format string, args ...any) {
			out = append(out, Problem{Source: source, Line: m.Line, What: fmt.Sprintf(format, args...)})
		}
		switch c.State(m.ID) {
		case Missing:
			problem("missing translation of %q", short(m.ID))
			continue
		case Stale:
			problem("stale translation (the English changed) of %q", short(m.ID))
			continue
		}
		tr, _ := c.Lookup(m.ID)
		for _, t := range terms {
			if why := t.misuse(m.ID, tr); why != "" {
				problem("%s, in the translation of %q", why, short(m.ID))
			}
		}
		if want, got := links(m.ID), links(tr); !slices.Equal(want, got) {
			problem("links %q in the English, %q in the translation of %q", want, got, short(m.ID))
		}
		if change := markupChange(m.ID, tr); change != "" {
			problem("%s, in the translation of %q (a 。 or ， before a closing ** goes after it)", change, short(m.ID))
		}
	}
	return out
}

// misuse says how a translation departs from the term, or "" if it does not.
func (t Term) misuse(english, chinese string) string {
	chinese = withoutCode(chinese)
	// An avoided word may be part of the term itself (半关 of 半关闭).
	others := strings.ReplaceAll(chinese, t.Chinese, "")
	for _, a := range t.Avoid {
		if a != "" && strings.Contains(others, a) {
			return fmt.Sprintf("%q is the term for %q, not %q", t.Chinese, t.English, a)
		}
	}
	if termPattern(t.English).MatchString(withoutCode(english)) && !strings.Contains(chinese, t.Chinese) {
		return fmt.Sprintf("%q is translated %q on the site, and is not here", t.English, t.Chinese)
	}
	return ""
}

// termPattern matches a term as whole words, in any case, plural too.
func termPattern(term string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(term) + `(s|es)?\b`)
}

// A link's destination, in Markdown or HTML, and the URL of a Markdown
// link, which is no prose: a term in an anchor is not a term used.
var (
	linkDest = regexp.MustCompile(`\]\(([^)\s]+)\)|href="([^"]*)"`)
	linkURL  = regexp.MustCompile(`\]\([^)]*\)`)
)

// withoutCode is a message's prose: its code spans and link URLs left out.
func withoutCode(s string) string {
	return linkURL.ReplaceAllString(codeSpan.ReplaceAllString(s, ""), "]")
}

// links are the destinations of a message's links, sorted: a translation
// may put them in another order, not drop or change one.
func links(s string) []string {
	var out []string
	for _, m := range linkDest.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1]+m[2])
	}
	slices.Sort(out)
	return out
}

// short is the start of a message, enough to find it.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// markup counts what a message's Markdown makes of it: strong and
// emphasised spans, links. A translation keeps them all. In
// Chinese one slip is easy to make: CommonMark does not close **bold**
// when a full stop or comma of Chinese's own (。，) comes before the
// closing ** and a character after it, and the reader then sees the
// asterisks. The stop goes after the **, as the rules want.
func markup(s string) map[string]int {
	counts := map[string]int{}
	doc := goldmark.DefaultParser().Parse(text.NewReader([]byte(s)))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Emphasis:
			counts[fmt.Sprintf("emphasis of level %d", n.Level)]++
		case *ast.Link:
			counts["link"]++
		}
		return ast.WalkContinue, nil
	})
	return counts
}

// markupChange says how a translation's markup differs from its
// English's, or "" if it does not.
func markupChange(english, chinese string) string {
	want, got := markup(english), markup(chinese)
	var diffs []string
	for _, kind := range slices.Sorted(maps.Keys(mergeKeys(want, got))) {
		if want[kind] != got[kind] {
			diffs = append(diffs, fmt.Sprintf("%d %s in the English, %d in the translation", want[kind], kind, got[kind]))
		}
	}
	return strings.Join(diffs, "; ")
}

func mergeKeys(a, b map[string]int) map[string]int {
	all := maps.Clone(a)
	for k := range b {
		all[k] += 0
	}
	return all
}
