package i18n

import (
	"strings"

	"github.com/chai2010/gettext-go/po"
)

// Coverage counts a page's messages by state.
type Coverage struct {
	Translated, Stale, Missing int
}

func (c Coverage) Total() int { return c.Translated + c.Stale + c.Missing }

// Refresh makes the catalogue of a page anew from its English (page, at
// path source) and its old catalogue: a message it already had keeps its
// translation; a new one comes in empty, unless it replaces an old
// message much like it, whose translation it takes, marked fuzzy, with
// the old English as its previous msgid (#| msgid), so that a translator
// sees what changed. A message the page no longer has is dropped.
func Refresh(old *Catalogue, source string, page []byte, lang string) (*Catalogue, Coverage) {
	f := &po.File{MimeHeader: old.File.MimeHeader}
	f.MimeHeader.Language = lang
	f.MimeHeader.ContentType = "text/plain; charset=UTF-8"
	f.MimeHeader.ContentTransferEncoding = "8bit"
	f.MimeHeader.MimeVersion = "1.0"
	f.MimeHeader.ProjectIdVersion = "tcpgo"
	f.MimeHeader.PluralForms = "nplurals=1; plural=0;"
	msgs := Messages(page)
	gone := vanished(old, msgs)
	at := map[string]int{} // a message's index in f.Messages
	for _, m := range msgs {
		if i, ok := at[m.ID]; ok {
			// The same words twice: one translation, two references.
			pm := &f.Messages[i]
			pm.ReferenceFile = append(pm.ReferenceFile, source)
			pm.ReferenceLine = append(pm.ReferenceLine, m.Line)
			continue
		}
		pm := po.Message{MsgId: m.ID}
		pm.ReferenceFile, pm.ReferenceLine = []string{source}, []int{m.Line}
		if prev, ok := old.byID[m.ID]; ok {
			pm.MsgStr, pm.Flags, pm.PrevMsgId = prev.MsgStr, prev.Flags, prev.PrevMsgId
			pm.TranslatorComment = prev.TranslatorComment
		} else if prev := closest(gone, m.ID); prev != nil {
			pm.MsgStr, pm.Flags, pm.PrevMsgId = prev.MsgStr, []string{"fuzzy"}, prev.MsgId
			pm.TranslatorComment = prev.TranslatorComment
			delete(gone, prev.MsgId)
		}
		at[m.ID] = len(f.Messages)
		f.Messages = append(f.Messages, pm)
	}
	c := newCatalogue(f)
	var cov Coverage
	for _, pm := range f.Messages {
		switch c.State(pm.MsgId) {
		case Translated:
			cov.Translated++
		case Stale:
			cov.Stale++
		default:
			cov.Missing++
		}
	}
	return c, cov
}

// vanished are the translated messages of old that the page no longer has.
func vanished(old *Catalogue, msgs []Message) map[string]*po.Message {
	now := map[string]bool{}
	for _, m := range msgs {
		now[m.ID] = true
	}
	gone := map[string]*po.Message{}
	for id, pm := range old.byID {
		if !now[id] && pm.MsgStr != "" {
			gone[id] = pm
		}
	}
	return gone
}

// closest is the vanished message most like id, if one shares at least
// half of its words: an edit of a sentence, not another sentence.
func closest(gone map[string]*po.Message, id string) *po.Message {
	var best *po.Message
	bestScore := 0.5
	for oldID, pm := range gone {
		if s := likeness(oldID, id); s >= bestScore && (best == nil || s > bestScore || oldID < best.MsgId) {
			best, bestScore = pm, s
		}
	}
	return best
}

// likeness is the share of words two texts have in common (Dice's
// coefficient): 1 for the same words, 0 for none.
func likeness(a, b string) float64 {
	wa, wb := wordSet(a), wordSet(b)
	if len(wa)+len(wb) == 0 {
		return 0
	}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(wa)+len(wb))
}

func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(s)) {
		set[w] = true
	}
	return set
}
