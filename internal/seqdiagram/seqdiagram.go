// Package seqdiagram draws a sequence diagram, as SVG, of an exchange
// between a client and a server: who connected, what each side sent, who
// waited, who ended. The exchanges come from the scripts' "exchange"
// golden sections (see the proxy command of the script suite), so a
// diagram shows what the tests saw cross the wire; package drift keeps
// docs/diagrams/ in line with them.
package seqdiagram

import (
	"bytes"
	"fmt"
	"html"
	"strings"
)

// Layout of a diagram, in pixels.
const (
	diagramWidth = 640
	clientX      = 130 // the client's lifeline
	serverX      = 510 // the server's lifeline
	firstRowY    = 64
	rowHeight    = 40
)

// Draw draws an exchange, one event a line ("client connects", `client
// sends "hi"`, "server waits", "client ends", "closed"), as an SVG
// sequence diagram. The SVG carries its own styles, dark ones included, so
// it looks right as an image on any page.
func Draw(exchange []string) ([]byte, error) {
	var rows bytes.Buffer
	y := firstRowY
	for _, event := range exchange {
		if err := drawEvent(&rows, event, y); err != nil {
			return nil, err
		}
		y += rowHeight
	}
	height := y
	var svg bytes.Buffer
	fmt.Fprintf(&svg, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img">`+"\n", diagramWidth, height, diagramWidth, height)
	fmt.Fprintf(&svg, "<title>Sequence diagram: %s</title>\n", html.EscapeString(strings.Join(exchange, "; ")))
	svg.WriteString(diagramStyle)
	svg.WriteString(`<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="head" d="M0,0 L10,5 L0,10 z"/></marker></defs>` + "\n")
	fmt.Fprintf(&svg, `<rect class="bg" width="%d" height="%d"/>`+"\n", diagramWidth, height)
	for _, who := range []struct {
		x    int
		name string
	}{{clientX, "client"}, {serverX, "server"}} {
		fmt.Fprintf(&svg, `<line class="life" x1="%d" y1="38" x2="%d" y2="%d"/>`+"\n", who.x, who.x, height-8)
		fmt.Fprintf(&svg, `<rect class="box" x="%d" y="8" width="120" height="30" rx="4"/>`+"\n", who.x-60)
		fmt.Fprintf(&svg, `<text class="name" x="%d" y="28" text-anchor="middle">%s</text>`+"\n", who.x, who.name)
	}
	svg.Write(rows.Bytes())
	svg.WriteString("</svg>\n")
	return svg.Bytes(), nil
}

// drawEvent draws one event of the exchange on the row at y.
func drawEvent(w *bytes.Buffer, event string, y int) error {
	side, what, _ := strings.Cut(event, " ")
	from, to := clientX, serverX
	if side == "server" {
		from, to = serverX, clientX
	}
	switch {
	case event == "client connects":
		arrow(w, from, to, y, "connect", "label")
	case strings.HasPrefix(what, "sends "):
		arrow(w, from, to, y, strings.TrimPrefix(what, "sends "), "label mono")
	case what == "waits" || strings.HasPrefix(what, "waits "):
		// "waits -idle": the flag it waited for, if the script says.
		fmt.Fprintf(w, `<rect class="wait" x="%d" y="%d" width="160" height="26" rx="4"/>`+"\n", from-80, y-19)
		fmt.Fprintf(w, `<text class="label" x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", from, y-1, html.EscapeString(what))
	case what == "ends":
		arrow(w, from, to, y, "end (FIN)", "label end")
	case event == "closed":
		fmt.Fprintf(w, `<line class="closed" x1="%d" y1="%d" x2="%d" y2="%d"/>`+"\n", clientX-60, y-6, serverX+60, y-6)
		fmt.Fprintf(w, `<text class="label" x="%d" y="%d" text-anchor="middle">both sides ended: the connection is closed</text>`+"\n", diagramWidth/2, y+12)
	default:
		return fmt.Errorf("unknown event %q", event)
	}
	return nil
}

// arrow draws a message from one lifeline to the other, labelled above.
func arrow(w *bytes.Buffer, from, to, y int, label, class string) {
	fmt.Fprintf(w, `<line class="msg" x1="%d" y1="%d" x2="%d" y2="%d" marker-end="url(#head)"/>`+"\n", from, y, to, y)
	fmt.Fprintf(w, `<text class="%s" x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", class, (from+to)/2, y-7, html.EscapeString(label))
}

const diagramStyle = `<style>
.bg { fill: #ffffff; }
text { fill: #1f2328; font: 14px system-ui, -apple-system, "Segoe UI", sans-serif; }
.name { font-weight: 600; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
.end { font-style: italic; }
.box { fill: #f6f8fa; stroke: #8c959f; }
.life { stroke: #8c959f; stroke-dasharray: 4 4; }
.msg { stroke: #1f2328; stroke-width: 1.5; }
.head { fill: #1f2328; }
.wait { fill: #fff8c5; stroke: #d4a72c; }
.closed { stroke: #cf222e; stroke-dasharray: 6 3; }
@media (prefers-color-scheme: dark) {
  .bg { fill: #0d1117; }
  text { fill: #e6edf3; }
  .box { fill: #161b22; stroke: #6e7681; }
  .life { stroke: #6e7681; }
  .msg { stroke: #e6edf3; }
  .head { fill: #e6edf3; }
  .wait { fill: #3b2e00; stroke: #bb8009; }
  .closed { stroke: #f85149; }
}
</style>
`
