package tcpgo

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"tcpgo/internal/capture"
	"tcpgo/internal/ladder"
)

// The pages say what their packet ladders show: who sent the first FIN,
// what a SYN was answered with, which side reset. Each such sentence is
// checked here against the kept capture it speaks of (docs/wire/NAME.pcap,
// the one the ladder is drawn from), so a capture recorded again that
// shows otherwise fails, naming the sentence; and a sentence the page no
// longer says fails too, naming it, so the claim here changes with it.
//
// A claim reads c.says(page, sentence, facts...), each fact asked of a
// capture in the words of the sentence: c.capture("halfclose").inOrder(
// sent(client, fin), sent(server, carrying("world!"))).
func TestCapturePagesSayWhatTheirCapturesShow(t *testing.T) {
	c := newCaptureClaims(t)
	for _, claims := range []func(*captureClaims){socketEventsClaims, halfOpenClaims, zeroWindowClaims, clientClaims,
		serverClaims, nagleClaims, keepAliveClaims, robustClaims, glossaryClaims} {
		claims(c)
	}
}

func socketEventsClaims(c *captureClaims) {
	const page = "docs/01-socket-events.md"
	halfclose, refused := c.capture("halfclose"), c.capture("refused")
	c.says(page, "The handshake that DialTimeout waits for is three segments, SYN, SYN-ACK and ACK: the first three arrows of lesson 2's capture",
		c.shows("docs/02-client.md", "halfclose"), halfclose.startsWith(handshake...))
	c.says(page, "a refused connect is two segments: the client's SYN, and the reset its kernel gets back, RST-ACK, for a port where no one listens",
		refused.segmentCount(2), refused.startsWith(sent(client, flags("SYN")), sent(server, flags("RST-ACK"))))
	c.says(page, "Packet ladder: the client's SYN, answered by the server side's RST-ACK",
		refused.startsWith(sent(client, flags("SYN")), sent(server, flags("RST-ACK"))))
}

func clientClaims(c *captureClaims) {
	const page = "docs/02-client.md"
	halfclose := c.capture("halfclose")
	clientFIN, echo := sent(client, fin), sent(server, carrying("world!"))
	c.says(page, "On the wire, the echo comes after the client's FIN", halfclose.inOrder(clientFIN, echo))
	c.says(page, "Packet ladder: the handshake, the server's hello, the client's world!, the client's FIN, then the server's echo of world! and the server's FIN",
		halfclose.inOrder(afterHandshake(sent(server, carrying("hello")), sent(client, carrying("world!")), clientFIN, echo, sent(server, fin))...))
	c.says(page, "The first three are the handshake, SYN, SYN-ACK, ACK", halfclose.startsWith(handshake...))
	c.says(page, "Sequence numbers count each side's bytes from its SYN, which counts as one: the client's world!\\r\\n is bytes 1 to 8, so its FIN is number 9",
		halfclose.numbered(sent(client, flags("SYN")), 0, 0), halfclose.numbered(sent(client, carrying("world!")), 1, 8), halfclose.numbered(clientFIN, 9, 0))
	c.says(page, "Find the client's FIN-ACK, in bold: after it the server still sends world!",
		halfclose.inOrder(sent(client, flags("FIN-ACK")), echo))
	c.says(page, "Only then does the server send its own FIN", halfclose.inOrder(clientFIN, echo, sent(server, fin)))
}

func serverClaims(c *captureClaims) {
	const page = "docs/03-server.md"
	reset, lastword := c.capture("reset"), c.capture("lastword")
	clientRST := sent(client, flags("RST-ACK"))
	c.says(page, "Look at the last arrow: RST-ACK, in red, from the client, where a FIN would be", reset.endsWith(clientRST))
	c.says(page, "No FIN crosses at all", reset.none(fin))
	c.says(page, "Packet ladder: the handshake, the server's hello, the client's ACK, then the client's RST-ACK",
		reset.inOrder(afterHandshake(sent(server, carrying("hello")), sent(client, pureACK), clientRST)...))

	goodbye, serverRST := sent(server, carrying("goodbye")), sent(server, flags("RST-ACK"))
	c.says(page, "the server reads one byte of the client's 21, writes goodbye",
		lastword.bytesSent(client, 21), lastword.inOrder(sent(client, carrying("")), goodbye))
	c.says(page, "The kernel sends RST-ACK from the server's side, right after the goodbye",
		lastword.nextSent(goodbye, serverRST), lastword.none(fin), lastword.none(sent(client, rst)))
	c.says(page, "Packet ladder: the handshake, the client's two lines, the server's goodbye, then the server's RST-ACK",
		lastword.inOrder(afterHandshake(sent(client, carryingLines(2)), goodbye, serverRST)...))
}

func glossaryClaims(c *captureClaims) {
	const page = "docs/glossary.md"
	halfclose, refused, reset, lastword := c.capture("halfclose"), c.capture("refused"), c.capture("reset"), c.capture("lastword")
	c.says(page, "The client sends SYN, the server answers SYN-ACK, the client ACK: the three-way handshake", halfclose.startsWith(handshake...))
	c.says(page, "A SYN to a port where no one listens is answered with an RST", refused.startsWith(sent(client, flags("SYN")), sent(server, rst)))
	c.says(page, "Captured: a handshake ... and a refused connect",
		c.shows("docs/02-client.md", "halfclose"), c.shows("docs/01-socket-events.md", "refused"))
	every := []fact{}
	for _, w := range []keptCapture{halfclose, refused, reset, lastword} {
		every = append(every, w.allAfterFirst(ack))
	}
	c.says(page, "Every segment after the first SYN carries it", every...)
	c.says(page, "one with nothing else is a pure ACK. Captured: every arrow after the first in lesson 2's ladder",
		c.shows("docs/02-client.md", "halfclose"), halfclose.allAfterFirst(ack), halfclose.inOrder(pureACK))
	c.says(page, "Captured: the client's FIN before the server's last data, in lesson 2",
		c.shows("docs/02-client.md", "halfclose"), halfclose.inOrder(sent(client, fin), sent(server, carrying(""))))
	c.says(page, "A process sends one when it closes a socket with unread data",
		lastword.inOrder(sent(client, carrying("")), sent(server, rst)), lastword.none(fin))
	c.says(page, "Captured: a client's reset, and a server's on closing with unread data, in lesson 3",
		c.shows("docs/03-server.md", "reset"), reset.endsWith(sent(client, rst)),
		c.shows("docs/03-server.md", "lastword"), lastword.endsWith(sent(server, rst)))
}

// captureClaims checks what the pages say against the kept captures.
type captureClaims struct {
	t        *testing.T
	pages    map[string]pageText
	captures map[string]keptCapture
}

func newCaptureClaims(t *testing.T) *captureClaims {
	return &captureClaims{t: t, pages: map[string]pageText{}, captures: map[string]keptCapture{}}
}

// pageText is a page as written, and the words a reader sees of it.
type pageText struct {
	markdown, words string
}

// link is a Markdown link, but not an image: a reader sees its text
// only. An image's text is its description, which is checked as written.
var link = regexp.MustCompile(`(^|[^!])\[([^\]]*)\]\([^)]*\)`)

// A fact is one thing a sentence claims, checked: what it claims, where
// it was checked, and whether it holds there.
type fact struct {
	claim    string
	source   string // the capture or the page it was checked on
	holds    bool
	evidence string // what to show when it does not hold: the capture's ladder
}

// says checks that page says sentence, and that each of the facts holds.
// A sentence may leave words out with " ... ", as on the bench page.
func (c *captureClaims) says(page, sentence string, facts ...fact) {
	c.t.Helper()
	if !wordsInOrder(c.page(page).words, sentence) {
		c.t.Errorf("%s no longer says %q: change the claim here with the page", page, sentence)
		return
	}
	for _, f := range facts {
		if !f.holds {
			c.t.Errorf("%s says %q, checked on %s as %q, which does not hold\n%s", page, sentence, f.source, f.claim, f.evidence)
		}
	}
}

func (c *captureClaims) page(path string) pageText {
	if p, ok := c.pages[path]; ok {
		return p
	}
	text, err := os.ReadFile(path)
	require.NoError(c.t, err)
	markdown := string(text)
	c.pages[path] = pageText{markdown, plainWords(link.ReplaceAllString(markdown, "$1$2"))}
	return c.pages[path]
}

// shows is the fact that a page draws a capture's ladder: a sentence
// that sends the reader to a page for it relies on that.
func (c *captureClaims) shows(page, name string) fact {
	drawing := fmt.Sprintf("(wire/%s.svg)", name)
	return fact{claim: "draws " + drawing, source: page, holds: strings.Contains(c.page(page).markdown, drawing)}
}

// capture decodes a kept capture, once; one that cannot be read fails
// the test, since nothing it is said to show can be checked.
func (c *captureClaims) capture(name string) keptCapture {
	c.t.Helper()
	if w, ok := c.captures[name]; ok {
		return w
	}
	path := filepath.Join(captureDir, name+".pcap")
	frames, err := capture.ReadPcap(path)
	require.NoError(c.t, err, "the pages speak of %s", path)
	l := capture.Build(frames, nil)
	var text strings.Builder
	require.NoError(c.t, ladder.Print(&text, l, ladder.Options{}))
	c.captures[name] = keptCapture{path: path, segments: l.Segments, ladder: text.String()}
	return c.captures[name]
}

// A kind is a sort of segment a sentence speaks of, named as the
// sentence would: "FIN from the client", "data holding \"hello\"".
type kind struct {
	name  string
	match func(ladder.Segment) bool
}

// The roles a ladder gives the two sides of a connection it saw open.
const (
	client = "client"
	server = "server"
)

var (
	fin     = kind{"FIN", func(s ladder.Segment) bool { return s.Flags.FIN }}
	rst     = kind{"RST", func(s ladder.Segment) bool { return s.Flags.RST }}
	ack     = kind{"ACK", func(s ladder.Segment) bool { return s.Flags.ACK }}
	pureACK = kind{"pure ACK", func(s ladder.Segment) bool { return s.Flags.String() == "ACK" && s.Len == 0 }}

	// handshake is the three segments that open a connection.
	handshake = []kind{sent(client, flags("SYN")), sent(server, flags("SYN-ACK")), sent(client, pureACK)}
)

// afterHandshake is the handshake's three kinds, then these.
func afterHandshake(kinds ...kind) []kind {
	return append(slices.Clone(handshake), kinds...)
}

// flags is a segment with exactly these flags, as a ladder writes them:
// "SYN-ACK", "RST-ACK".
func flags(names string) kind {
	return kind{names, func(s ladder.Segment) bool { return s.Flags.String() == names }}
}

// carrying is a segment whose payload holds text; "" is any data.
func carrying(text string) kind {
	name := "data"
	if text != "" {
		name = fmt.Sprintf("data holding %q", text)
	}
	return kind{name, func(s ladder.Segment) bool {
		return s.Len > 0 && strings.Contains(string(s.Payload), text)
	}}
}

// carryingLines is a segment whose payload, kept whole, ends n lines.
func carryingLines(n int) kind {
	return kind{fmt.Sprintf("data of %d lines", n), func(s ladder.Segment) bool {
		return s.Len > 0 && s.Len == len(s.Payload) && strings.Count(string(s.Payload), "\n") == n
	}}
}

// sent is a segment of this kind from one side: "FIN from the client".
func sent(role string, k kind) kind {
	return kind{fmt.Sprintf("%s from the %s", k.name, role), func(s ladder.Segment) bool {
		return s.From.Role == role && k.match(s)
	}}
}

// keptCapture is a kept capture's segments, in the order they crossed.
type keptCapture struct {
	path     string
	segments []ladder.Segment
	ladder   string
}

func (w keptCapture) fact(holds bool, format string, args ...any) fact {
	return fact{claim: fmt.Sprintf(format, args...), source: w.path, holds: holds, evidence: w.ladder}
}

// indexAfter is the index of the first segment of kind k after the
// segment at index from, or -1.
func (w keptCapture) indexAfter(from int, k kind) int {
	for i := from + 1; i < len(w.segments); i++ {
		if k.match(w.segments[i]) {
			return i
		}
	}
	return -1
}

func kindNames(kinds []kind) string {
	var names []string
	for _, k := range kinds {
		names = append(names, k.name)
	}
	return strings.Join(names, ", then ")
}

// inOrder: segments of these kinds crossed in this order, maybe with
// others between.
func (w keptCapture) inOrder(kinds ...kind) fact {
	at := -1
	for _, k := range kinds {
		if at = w.indexAfter(at, k); at < 0 {
			break
		}
	}
	return w.fact(at >= 0, "%s", kindNames(kinds))
}

// startsWith: the first segments are of these kinds, none between.
func (w keptCapture) startsWith(kinds ...kind) fact {
	holds := len(w.segments) >= len(kinds)
	for i := 0; holds && i < len(kinds); i++ {
		holds = kinds[i].match(w.segments[i])
	}
	return w.fact(holds, "starts with %s", kindNames(kinds))
}

// endsWith: the last segment is of kind k.
func (w keptCapture) endsWith(k kind) fact {
	return w.fact(len(w.segments) > 0 && k.match(w.segments[len(w.segments)-1]), "ends with %s", k.name)
}

// nextSent: the first segment that the side of want sends after the
// first segment of kind after is of kind want.
func (w keptCapture) nextSent(after, want kind) fact {
	at := w.indexAfter(-1, after)
	next := -1
	if at >= 0 {
		next = w.indexAfter(at, want)
		for i := at + 1; next >= 0 && i < next; i++ {
			if w.segments[i].From == w.segments[next].From {
				next = -1
			}
		}
	}
	return w.fact(next >= 0, "after %s, that side's next segment is %s", after.name, want.name)
}

// none: no segment is of kind k.
func (w keptCapture) none(k kind) fact {
	return w.fact(w.indexAfter(-1, k) < 0, "no %s", k.name)
}

// segmentCount: the capture holds n segments.
func (w keptCapture) segmentCount(n int) fact {
	return w.fact(len(w.segments) == n, "%d segments (it has %d)", n, len(w.segments))
}

// numbered: the first segment of kind k has this relative sequence
// number and carries length bytes.
func (w keptCapture) numbered(k kind, seq uint32, length int) fact {
	i := w.indexAfter(-1, k)
	holds := i >= 0 && w.segments[i].Seq == seq && w.segments[i].Len == length
	return w.fact(holds, "%s numbered %d, of %d bytes", k.name, seq, length)
}

// bytesSent: one side's segments carry n bytes of data in all.
func (w keptCapture) bytesSent(role string, n int) fact {
	total := 0
	for _, s := range w.segments {
		if s.From.Role == role {
			total += s.Len
		}
	}
	return w.fact(total == n, "%d bytes of data from the %s (it sent %d)", n, role, total)
}

// allAfterFirst: every segment but the first is of kind k.
func (w keptCapture) allAfterFirst(k kind) fact {
	holds := len(w.segments) > 1
	for _, s := range w.segments[min(1, len(w.segments)):] {
		holds = holds && k.match(s)
	}
	return w.fact(holds, "every segment after the first is %s", k.name)
}
