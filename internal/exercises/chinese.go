package exercises

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

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
	pattern *regexp.Regexp // the id, its verbs as groups
	chinese string
}

// A format verb of the checkers' messages.
var verb = regexp.MustCompile(`%(\[\d+\])?[qsdv]`)

// NewTranslator reads the embedded catalogue.
func NewTranslator() (*Translator, error) {
	cat, err := i18n.ParseCatalogue(chineseCatalogue)
	if err != nil {
		return nil, fmt.Errorf("the checkers' Chinese catalogue: %w", err)
	}
	tr := &Translator{}
	for _, m := range cat.File.Messages {
		chinese, ok := cat.Lookup(m.MsgId)
		if !ok {
			continue // untranslated or stale: said in English
		}
		tr.messages = append(tr.messages, translated{id: m.MsgId, pattern: formatPattern(m.MsgId), chinese: chinese})
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

// formatPattern matches what a format string prints, each verb's value a
// group: a quoted string for %q, anything on the line for the rest.
func formatPattern(format string) *regexp.Regexp {
	var b strings.Builder
	at := 0
	for _, loc := range verb.FindAllStringIndex(format, -1) {
		b.WriteString(regexp.QuoteMeta(format[at:loc[0]]))
		if format[loc[1]-1] == 'q' {
			b.WriteString(`("(?:[^"\\]|\\.)*")`)
		} else {
			b.WriteString(`(.*?)`)
		}
		at = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(format[at:]))
	return regexp.MustCompile(`(?m)^` + b.String() + `$`)
}

// Translate puts each message of text that the catalogue has into
// Chinese, the values it holds translated too when they are messages (a
// hint in "Hint: %s"); the rest stays as it is.
func (tr *Translator) Translate(text string) string {
	for _, m := range tr.messages {
		text = m.pattern.ReplaceAllStringFunc(text, func(found string) string {
			values := m.pattern.FindStringSubmatch(found)[1:]
			args := make([]any, len(values))
			for i, v := range values {
				args[i] = tr.Translate(v)
			}
			return fmt.Sprintf(verb.ReplaceAllString(m.chinese, "%${1}s"), args...)
		})
	}
	return text
}
