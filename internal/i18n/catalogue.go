package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/chai2010/gettext-go/po"
)

// A Catalogue is the translations of one page, as its .po file holds them.
type Catalogue struct {
	File *po.File
	byID map[string]*po.Message
}

// The states of a message in a catalogue.
const (
	Translated = "translated"
	Stale      = "stale"   // its English changed since it was translated: fuzzy
	Missing    = "missing" // no translation yet
)

// LoadCatalogue reads a .po file; one that does not exist yet is empty.
func LoadCatalogue(path string) (*Catalogue, error) {
	f, err := po.LoadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		f, err = &po.File{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return newCatalogue(f), nil
}

// ParseCatalogue reads a catalogue from the text of a .po file.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	f, err := po.Load(data)
	if err != nil {
		return nil, err
	}
	return newCatalogue(f), nil
}

func newCatalogue(f *po.File) *Catalogue {
	c := &Catalogue{File: f, byID: map[string]*po.Message{}}
	for i := range f.Messages {
		c.byID[f.Messages[i].MsgId] = &f.Messages[i]
	}
	return c
}

// State says whether a message is translated, stale or missing.
func (c *Catalogue) State(id string) string {
	m := c.byID[id]
	switch {
	case m == nil || m.MsgStr == "":
		return Missing
	case isFuzzy(m):
		return Stale
	}
	return Translated
}

// Lookup returns the translation of a message that is translated and
// not stale: a stale one would say what the English no longer says.
func (c *Catalogue) Lookup(id string) (string, bool) {
	if c.State(id) != Translated {
		return "", false
	}
	return c.byID[id].MsgStr, true
}

func isFuzzy(m *po.Message) bool {
	for _, f := range m.Flags {
		if strings.TrimSpace(f) == "fuzzy" {
			return true
		}
	}
	return false
}

// Bytes is the text of the .po file, its messages in the order they were
// added (the order of the page), each with its references.
func (c *Catalogue) Bytes() []byte {
	var b strings.Builder
	b.WriteString(c.File.MimeHeader.String())
	for _, m := range c.File.Messages {
		// The library sorts by the line a message was read from when it
		// writes a whole file; written one by one, they keep the page's order.
		m.StartLine = 0
		b.WriteString("\n")
		// gettext-go v1.0.3 writes a one-line previous msgid as
		// "#| msgid #| \"...\"", which gettext's tools reject.
		b.WriteString(strings.ReplaceAll(m.String(), "#| msgid #| ", "#| msgid "))
	}
	return []byte(b.String())
}

// Save writes the catalogue to path.
func (c *Catalogue) Save(path string) error {
	return os.WriteFile(path, c.Bytes(), 0o644)
}
