package exercises

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"tcpgo/internal/i18n"
)

// The checkers speak English, as the programs do; a learner who reads
// Chinese gets their words in Chinese, through a catalogue like the
// site's (package i18n): each message is a checker's format string or
// hint, and its translation takes the same values, %s, %q, %d and %v
// alike, in the same order, or by position (%[2]s).
//
//go:embed zh-CN.po
var chineseCatalogue []byte

// WantsChinese reports whether the learner's locale is Chinese: the first
// of LC_ALL, LC_MESSAGES and LANG that is set starts with zh (zh_CN.UTF-8,
// or plain zh, as in make check EX=02/1 LANG=zh).
func WantsChinese(getenv func(string) string) bool {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return strings.HasPrefix(v, "zh")
		}
	}
	return false
}

// A Translator puts what the checkers say into Chinese.
type Translator struct {
	messages []translated
}

type translated struct {
	id      string
	format  format
	words   int // the id's own characters, its verbs left out
	chinese string
}

// A format verb of the checkers' messages.
var verb = regexp.MustCompile(`%(\[\d+\])?[qsdv]`)

// A format is a message cut at its verbs: literals[0], a value,
// literals[1], a value, ..., the last literal.
type format struct {
	literals []string
	quoted   []bool // whether each value is a %q, a quoted string
}

func parseFormat(id string) format {
	var f format
	at := 0
	for _, loc := range verb.FindAllStringIndex(id, -1) {
		f.literals = append(f.literals, id[at:loc[0]])
		f.quoted = append(f.quoted, id[loc[1]-1] == 'q')
		at = loc[1]
	}
	f.literals = append(f.literals, id[at:])
	return f
}

// NewTranslator reads the embedded catalogue.
func NewTranslator() (*Translator, error) {
	cat, err := i18n.ParseCatalogue(chineseCatalogue)
	if err != nil {
		return nil, fmt.Errorf("the checkers' Chinese catalogue: %w", err)
	}
	tr := &Translator{}
	for _, m := range cat.File.Messages {
		chinese, ok := cat.Lookup(m.MsgId)
		words := utf8.RuneCountInString(verb.ReplaceAllString(m.MsgId, ""))
		if !ok || words == 0 {
			continue // untranslated or stale: said in English
		}
		tr.messages = append(tr.messages, translated{id: m.MsgId, format: parseFormat(m.MsgId), words: words, chinese: chinese})
	}
	return tr, nil
}

// Has reports whether a message has a translation.
func (tr *Translator) Has(id string) bool {
	for _, m := range tr.messages {
		if m.id == id {
			return true
		}
	}
	return false
}

// A reading is a text put into Chinese, and how many of its characters
// the messages' own words account for.
type reading struct {
	text  string
	words int
}

// Translate puts each message of text that the catalogue has into
// Chinese, the values it holds translated too when they are messages (a
// hint in "Hint: %s"); the rest stays as it is. A text may be read in
// more than one way: a message that ends in a value ("... after %s") can
// take in the words of the message that follows it on the line. The
// reading chosen is the one whose messages account for the most of the
// text, so a sentence built of two messages is read as those two.
func (tr *Translator) Translate(text string) string {
	return tr.read(text, map[string]reading{}).text
}

// read finds the best reading of text, line by line: each run of lines
// is one message, or a line stays as it is.
func (tr *Translator) read(text string, seen map[string]reading) reading {
	if r, ok := seen[text]; ok {
		return r
	}
	seen[text] = reading{text: text} // a value that holds itself stays as it is
	lines := strings.Split(text, "\n")
	// best[i] is the best reading of lines[i:].
	best := make([]reading, len(lines)+1)
	for i := len(lines) - 1; i >= 0; i-- {
		best[i] = followedBy(reading{text: lines[i]}, best[i+1], i+1 < len(lines))
		for j := i + 1; j <= len(lines); j++ {
			if r, ok := tr.whole(strings.Join(lines[i:j], "\n"), seen); ok {
				if c := followedBy(r, best[j], j < len(lines)); c.words > best[i].words {
					best[i] = c
				}
			}
		}
	}
	seen[text] = best[0]
	return best[0]
}

// followedBy joins the reading of some lines to that of the lines after.
func followedBy(r, rest reading, more bool) reading {
	if !more {
		return r
	}
	return reading{text: r.text + "\n" + rest.text, words: r.words + rest.words}
}

// whole is the best reading of text as one message, its values read in
// turn.
func (tr *Translator) whole(text string, seen map[string]reading) (reading, bool) {
	var best reading
	found := false
	for _, m := range tr.messages {
		values, words, ok := tr.fill(m.format, text, seen)
		if !ok || found && m.words+words <= best.words {
			continue
		}
		args := make([]any, len(values))
		for i, v := range values {
			args[i] = v
		}
		best = reading{text: fmt.Sprintf(verb.ReplaceAllString(m.chinese, "%${1}s"), args...), words: m.words + words}
		found = true
	}
	return best, found
}

// fill finds the values that make a format print text, each read into
// Chinese, and how many of their characters messages account for. Where
// the text could be cut into values more than one way (two values side
// by side, "%s%s"), the cut whose values are read the furthest wins.
func (tr *Translator) fill(f format, text string, seen map[string]reading) ([]string, int, bool) {
	rest, ok := strings.CutPrefix(text, f.literals[0])
	if len(f.quoted) == 0 || !ok {
		return nil, 0, ok && rest == ""
	}
	if !strings.HasSuffix(rest, f.literals[len(f.literals)-1]) {
		return nil, 0, false
	}
	for _, lit := range f.literals[1:] {
		if !strings.Contains(rest, lit) {
			return nil, 0, false
		}
	}
	return tr.fillFrom(f, 0, rest, seen)
}

// fillFrom fills the values from the i-th on, rest being the text after
// the literal before it.
func (tr *Translator) fillFrom(f format, i int, rest string, seen map[string]reading) ([]string, int, bool) {
	last := i == len(f.quoted)-1
	next := f.literals[i+1]
	var best []string
	bestWords, found := 0, false
	// A value stays on its line.
	end := len(rest)
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		end = nl
	}
	for cut := 0; cut <= end; cut++ {
		after, ok := strings.CutPrefix(rest[cut:], next)
		if !ok || last && after != "" {
			continue
		}
		value := rest[:cut]
		if f.quoted[i] && !quotedString.MatchString(value) {
			continue
		}
		r := tr.read(value, seen)
		values, words := []string{r.text}, r.words
		if !last {
			more, w, ok := tr.fillFrom(f, i+1, after, seen)
			if !ok {
				continue
			}
			values, words = append(values, more...), words+w
		}
		if !found || words > bestWords {
			best, bestWords, found = values, words, true
		}
	}
	return best, bestWords, found
}

// A %q's value: a Go string literal.
var quotedString = regexp.MustCompile(`\A"(?:[^"\\]|\\.)*"\z`)
