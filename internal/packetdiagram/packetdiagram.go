// Package packetdiagram draws a captured exchange as an SVG packet ladder:
// the client's line on the left, the server's on the right, and one
// slanted arrow per TCP segment, in the order the capture saw them. The
// arrows slant because a segment takes time to arrive; the slant is the
// same for all, for time goes down by order here, not to scale.
//
// The captures are the ones the script suite records into docs/wire/
// (see the capture command of the root tests); package drift keeps each
// drawing in line with its capture.
package packetdiagram

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"

	"tcpgo/internal/ladder"
)

// Layout, in the drawing's own units. The drawing is 400 wide and scales
// down with the page: on a phone 390 pixels wide, whose text column is
// about 350, a 13-unit label is still more than 11 pixels high.
const (
	width      = 400
	clientX    = 44
	serverX    = 356
	firstRowY  = 62
	slant      = 16 // how far an arrow falls on its way across
	rowHeight  = 40 // a row with a payload's preview takes previewRow more
	previewRow = 22
	preview    = 14 // the most payload bytes a preview shows
	// previewWidth is the most characters a quoted preview takes: in
	// the monospace labels, 312 units between the lines hold about 40.
	previewWidth = 30
)

// MaxRows is the most segments a drawing shows: a longer capture shows
// all but one run of its segments, and one row that says how many were
// left out (see rows). Twenty draw lesson 5's two refused and idle
// connections whole.
const MaxRows = 20

// Draw draws the segments of l as a packet ladder. name is the capture's
// name, for the drawing's title.
func Draw(name string, l ladder.Ladder) []byte {
	shown, skipped, at := rows(l.Segments)
	var body bytes.Buffer
	y := firstRowY
	for i, s := range shown {
		if skipped > 0 && i == at {
			y = drawSkipped(&body, skipped, y)
		}
		y = drawSegment(&body, l, s, y)
	}
	height := y + 8
	var svg bytes.Buffer
	fmt.Fprintf(&svg, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="title desc">`+"\n", width, height, width, height)
	fmt.Fprintf(&svg, "<title id=\"title\">Packet ladder of the capture %s</title>\n", html.EscapeString(name))
	fmt.Fprintf(&svg, "<desc id=\"desc\">%s</desc>\n", html.EscapeString(Describe(l)))
	svg.WriteString(style)
	// One arrowhead per colour: a marker cannot take the colour of
	// the line it ends in every browser.
	svg.WriteString("<defs>")
	for _, kind := range []string{"c2s", "s2c", "rst"} {
		fmt.Fprintf(&svg, `<marker id="head-%s" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto"><path class="head-%s" d="M0,0 L10,5 L0,10 z"/></marker>`, kind, kind)
	}
	svg.WriteString("</defs>\n")
	fmt.Fprintf(&svg, `<rect class="bg" width="%d" height="%d"/>`+"\n", width, height)
	for _, who := range []struct {
		x    int
		name string
	}{{clientX, "client"}, {serverX, "server"}} {
		fmt.Fprintf(&svg, `<line class="life" x1="%d" y1="36" x2="%d" y2="%d"/>`+"\n", who.x, who.x, height-4)
		fmt.Fprintf(&svg, `<text class="name" x="%d" y="26" text-anchor="middle">%s</text>`+"\n", who.x, who.name)
	}
	svg.Write(body.Bytes())
	svg.WriteString("</svg>\n")
	return svg.Bytes()
}

// rows picks the segments to draw: all of them, or, of a long capture,
// all but one run of segments in a row. skipped says how many were left
// out, before the shown segment at index at. The run left out is the one
// that hides the fewest segments a reader looks for (see notable), the
// nearest to the middle among those: a zero window in the middle of a
// transfer stays in the drawing, and the data around it goes.
func rows(segments []ladder.Segment) (shown []ladder.Segment, skipped, at int) {
	if len(segments) <= MaxRows {
		return segments, 0, 0
	}
	skipped = len(segments) - (MaxRows - 1) // the row that counts takes the last place
	middle := MaxRows / 2
	best, bestHidden := middle, hidden(segments[middle:middle+skipped])
	for start := 1; start+skipped < len(segments); start++ {
		n := hidden(segments[start : start+skipped])
		if n < bestHidden || (n == bestHidden && distance(start, middle) < distance(best, middle)) {
			best, bestHidden = start, n
		}
	}
	shown = append(append(shown, segments[:best]...), segments[best+skipped:]...)
	return shown, skipped, best
}

// hidden counts the notable segments of a run.
func hidden(run []ladder.Segment) int {
	n := 0
	for _, s := range run {
		if notable(s) {
			n++
		}
	}
	return n
}

// notable reports whether a segment is one a reader looks for: it
// opens, ends or resets the connection, or says its sender has no room.
func notable(s ladder.Segment) bool {
	return s.Flags.SYN || s.Flags.FIN || s.Flags.RST || zeroWindow(s)
}

// zeroWindow reports whether s says its sender has no room. A reset's
// window means nothing.
func zeroWindow(s ladder.Segment) bool {
	return s.Window == 0 && s.Flags.ACK && !s.Flags.RST
}

func distance(a, b int) int {
	if a < b {
		return b - a
	}
	return a - b
}

// drawSegment draws one segment as an arrow from its sender's line to
// its receiver's, labelled above with its flags and numbers and, when it
// carries data, below with the start of its payload. It returns where
// the next row starts.
func drawSegment(w *bytes.Buffer, l ladder.Ladder, s ladder.Segment, y int) int {
	from, to, kind := clientX, serverX, "c2s"
	if s.From.Role == "server" {
		from, to, kind = serverX, clientX, "s2c"
	}
	if s.Flags.RST {
		kind = "rst"
	}
	fmt.Fprintf(w, `<line class="seg %s" x1="%d" y1="%d" x2="%d" y2="%d" marker-end="url(#head-%s)"/>`+"\n", kind, from, y, to, y+slant, kind)
	// A segment that opens, ends or resets the connection is what a
	// reader looks for first: its label is bold.
	class := "label"
	if s.Flags.SYN || s.Flags.FIN || s.Flags.RST {
		class += " turn"
	}
	fmt.Fprintf(w, `<text class="%s" x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", class, width/2, y-4, html.EscapeString(label(l, s)))
	next := y + rowHeight
	if s.Len > 0 && len(s.Payload) > 0 {
		fmt.Fprintf(w, `<text class="data" x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", width/2, y+slant+12, html.EscapeString(payload(s)))
		next += previewRow
	}
	return next
}

// drawSkipped draws the row that stands for the segments left out.
func drawSkipped(w *bytes.Buffer, n, y int) int {
	fmt.Fprintf(w, `<text class="skip" x="%d" y="%d" text-anchor="middle">… %d segments left out …</text>`+"\n", width/2, y, n)
	return y + rowHeight - 10
}

// label is what an arrow says: the flags, the sequence number, the
// acknowledgement when there is one, and the length. The numbers are
// relative, as the text ladder's: each side's SYN is 0.
func label(l ladder.Ladder, s ladder.Segment) string {
	parts := []string{s.Flags.String(), "seq " + strconv.FormatUint(uint64(s.Seq), 10)}
	if s.Flags.ACK {
		parts = append(parts, "ack "+strconv.FormatUint(uint64(s.Ack), 10))
	}
	if s.Len > 0 {
		parts = append(parts, "len "+strconv.Itoa(s.Len))
	}
	if zeroWindow(s) {
		parts = append(parts, "win 0")
	}
	if l.Conns > 1 {
		parts = append([]string{"#" + strconv.Itoa(s.Conn)}, parts...)
	}
	return strings.Join(parts, " ")
}

// payload is a short, quoted preview of what a segment carries, with
// its line ends visible: at most preview bytes, and no more than
// previewWidth characters once quoted, so that bytes which quote long
// ("\x00") still fit between the two lines.
func payload(s ladder.Segment) string {
	n := min(len(s.Payload), preview)
	for n > 1 && len(strconv.Quote(string(s.Payload[:n]))) > previewWidth {
		n--
	}
	quoted := strconv.Quote(string(s.Payload[:n]))
	if n < len(s.Payload) || s.Len > len(s.Payload) {
		quoted += "…"
	}
	return quoted
}

// Describe says in words what the drawing shows, one sentence per
// segment, for a screen reader.
func Describe(l ladder.Ladder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d TCP segments, in the order they crossed the wire.", len(l.Segments))
	shown, skipped, at := rows(l.Segments)
	for i, s := range shown {
		if skipped > 0 && i == at {
			fmt.Fprintf(&b, " Then %d segments not drawn.", skipped)
		}
		fmt.Fprintf(&b, " %s to %s: %s", l.Name(s.Conn, s.From, true), l.Name(s.Conn, s.To, true), label(l, s))
		if s.Len > 0 && len(s.Payload) > 0 {
			b.WriteString(", data " + payload(s))
		}
		b.WriteString(".")
	}
	return b.String()
}

// The drawing carries its own styles, dark ones included, so that it
// looks right as an image on any page. The two directions take two
// colours; a reset is red whichever way it goes.
const style = `<style>
.bg { fill: #ffffff; }
text { fill: #1f2328; font: 13px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.name { font: 600 14px system-ui, -apple-system, "Segoe UI", sans-serif; }
.turn { font-weight: 700; }
.data { fill: #57606a; font-style: italic; }
.skip { font-style: italic; }
.life { stroke: #8c959f; stroke-width: 2; }
.seg { stroke-width: 1.5; }
.c2s { stroke: #0969da; }
.s2c { stroke: #1a7f37; }
.rst { stroke: #cf222e; stroke-width: 2.5; }
.head-c2s { fill: #0969da; }
.head-s2c { fill: #1a7f37; }
.head-rst { fill: #cf222e; }
@media (prefers-color-scheme: dark) {
  .bg { fill: #0d1117; }
  text { fill: #e6edf3; }
  .data { fill: #9198a1; }
  .life { stroke: #6e7681; }
  .c2s { stroke: #4493f8; }
  .s2c { stroke: #3fb950; }
  .rst { stroke: #f85149; }
  .head-c2s { fill: #4493f8; }
  .head-s2c { fill: #3fb950; }
  .head-rst { fill: #f85149; }
}
</style>
`
