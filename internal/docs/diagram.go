package docs

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// A script with a golden section named "exchange" (see the proxy command
// of the script suite) becomes docs/diagrams/<script>.svg: a sequence
// diagram of what crossed the wire, drawn from the tested exchange.

const scriptDir = "testdata/script"

// diagramSources maps each diagram's path, relative to root, to the
// exchange it is drawn from.
func diagramSources(root, dir string) (map[string][]string, error) {
	scripts, err := filepath.Glob(filepath.Join(root, scriptDir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	sources := map[string][]string{}
	for _, script := range scripts {
		archive, err := txtar.ParseFile(script)
		if err != nil {
			return nil, err
		}
		for _, f := range archive.Files {
			if f.Name == "exchange" {
				name := strings.TrimSuffix(filepath.Base(script), ".txtar") + ".svg"
				lines := strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n")
				sources[filepath.ToSlash(filepath.Join(dir, "diagrams", name))] = lines
			}
		}
	}
	return sources, nil
}

func checkDiagrams(root, dir string) ([]Drift, error) {
	sources, err := diagramSources(root, dir)
	if err != nil {
		return nil, err
	}
	var drifts []Drift
	for path, exchange := range sources {
		want, err := SequenceDiagram(exchange)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		have, err := os.ReadFile(filepath.Join(root, path))
		if err != nil || !bytes.Equal(have, want) {
			b := &Block{Page: path, Line: 1, Index: 1, Attrs: map[string]string{"output": "its exchange section"}, Body: string(have)}
			drifts = append(drifts, Drift{Block: b, Want: string(want), Err: err})
		}
	}
	// A diagram whose script is gone would show an exchange nobody tests.
	existing, _ := filepath.Glob(filepath.Join(root, dir, "diagrams", "*.svg"))
	for _, e := range existing {
		rel, _ := filepath.Rel(root, e)
		if _, ok := sources[filepath.ToSlash(rel)]; !ok {
			b := &Block{Page: filepath.ToSlash(rel), Line: 1, Index: 1, Attrs: map[string]string{"output": "no script"}}
			drifts = append(drifts, Drift{Block: b, Err: fmt.Errorf("no script in %s has an exchange for it", scriptDir)})
		}
	}
	return drifts, nil
}

func refreshDiagrams(root, dir string) ([]string, error) {
	sources, err := diagramSources(root, dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(root, dir, "diagrams"), 0o755); err != nil {
		return nil, err
	}
	var changed []string
	for path, exchange := range sources {
		want, err := SequenceDiagram(exchange)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		have, _ := os.ReadFile(filepath.Join(root, path))
		if !bytes.Equal(have, want) {
			if err := os.WriteFile(filepath.Join(root, path), want, 0o644); err != nil {
				return nil, err
			}
			changed = append(changed, path)
		}
	}
	return changed, nil
}

// Layout of the diagram, in pixels.
const (
	width   = 640
	xClient = 130
	xServer = 510
	top     = 64 // first row
	row     = 40
)

// SequenceDiagram draws an exchange as an SVG sequence diagram. The SVG
// carries its own styles, dark ones included, so it looks right as an
// image on any page.
func SequenceDiagram(exchange []string) ([]byte, error) {
	var rows bytes.Buffer
	y := top
	for _, event := range exchange {
		side, what, _ := strings.Cut(event, " ")
		from, to := xClient, xServer
		if side == "server" {
			from, to = xServer, xClient
		}
		switch {
		case event == "client connects":
			arrow(&rows, from, to, y, "connect", "label")
		case strings.HasPrefix(what, "sends "):
			arrow(&rows, from, to, y, strings.TrimPrefix(what, "sends "), "label mono")
		case what == "waits" || strings.HasPrefix(what, "waits "):
			// "waits -idle": the flag it waited for, if the script says.
			fmt.Fprintf(&rows, `<rect class="wait" x="%d" y="%d" width="160" height="26" rx="4"/>`+"\n", from-80, y-19)
			fmt.Fprintf(&rows, `<text class="label" x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", from, y-1, html.EscapeString(what))
		case what == "ends":
			arrow(&rows, from, to, y, "end (FIN)", "label end")
		case event == "closed":
			fmt.Fprintf(&rows, `<line class="closed" x1="%d" y1="%d" x2="%d" y2="%d"/>`+"\n", xClient-60, y-6, xServer+60, y-6)
			fmt.Fprintf(&rows, `<text class="label" x="%d" y="%d" text-anchor="middle">both sides ended: the connection is closed</text>`+"\n", width/2, y+12)
		default:
			return nil, fmt.Errorf("unknown event %q", event)
		}
		y += row
	}
	height := y
	var svg bytes.Buffer
	fmt.Fprintf(&svg, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img">`+"\n", width, height, width, height)
	fmt.Fprintf(&svg, "<title>Sequence diagram: %s</title>\n", html.EscapeString(strings.Join(exchange, "; ")))
	svg.WriteString(diagramStyle)
	svg.WriteString(`<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="head" d="M0,0 L10,5 L0,10 z"/></marker></defs>` + "\n")
	fmt.Fprintf(&svg, `<rect class="bg" width="%d" height="%d"/>`+"\n", width, height)
	for _, who := range []struct {
		x    int
		name string
	}{{xClient, "client"}, {xServer, "server"}} {
		fmt.Fprintf(&svg, `<line class="life" x1="%d" y1="38" x2="%d" y2="%d"/>`+"\n", who.x, who.x, height-8)
		fmt.Fprintf(&svg, `<rect class="box" x="%d" y="8" width="120" height="30" rx="4"/>`+"\n", who.x-60)
		fmt.Fprintf(&svg, `<text class="name" x="%d" y="28" text-anchor="middle">%s</text>`+"\n", who.x, who.name)
	}
	svg.Write(rows.Bytes())
	svg.WriteString("</svg>\n")
	return svg.Bytes(), nil
}

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
