package benchpage

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"slices"
	"strings"

	"tcpgo/internal/benchjson"
)

// A bench chart block becomes an SVG bar chart, inline in the page: one
// panel per measure, and in it, for each lesson, a Go bar and a Node bar
// as long as their medians, with a whisker from the lowest round to the
// highest. Inline, the chart takes its colours from the site's stylesheet
// (.chart in style.css), so it follows the colours the reader chose, and
// its words are text a reader can find and select. The bars are labelled
// "Go" and "Node", and the verdict on the target is written out, so that
// no colour has to be told apart.
//
// A figure may also have the Go server as it was before a change the page
// describes ("robust-server, step 5"): it gets a third bar, under the
// other two, hatched and outlined rather than filled, and named by what
// its name adds to Go's: "Go, step 5".

// Layout of a chart, in the units of its viewBox: pixels at its natural
// size. The chart is narrow enough to fit a phone's screen scaled by no
// less than 0.85 (its 14-unit words 12 px tall), so that it never hides
// a figure off to the side: each lesson's name and ratio have a line of
// their own above its bars, and the bars leave room for their values.
const (
	chartWidth = 400
	whoRight   = 80  // where the "Go" and "Node" labels end
	barLeft    = 88  // the zero of every bar
	barSpan    = 210 // the length of the longest whisker
	barHeight  = 16
	barRow     = 24
	charWidth  = 7.5 // a generous width of a character of the chart's text
)

// panel is one measure of a chart: its figures, a lesson each.
type panel struct {
	measure string
	figures []benchjson.Figure
}

// chartPanels finds the figures of each measure, in lesson order.
func chartPanels(r *benchjson.Results, measures []string) ([]panel, error) {
	var panels []panel
	for _, m := range measures {
		p := panel{measure: m}
		for _, f := range r.Figures {
			if f.Measure == m {
				p.figures = append(p.figures, f)
			}
		}
		if len(p.figures) == 0 {
			return nil, fmt.Errorf("chart: no figure measures %q", m)
		}
		for _, f := range p.figures {
			if f.Unit != p.figures[0].Unit || f.Better != p.figures[0].Better {
				return nil, fmt.Errorf("chart: the figures of %q differ in unit or in which way is better", m)
			}
		}
		slices.SortStableFunc(p.figures, func(a, b benchjson.Figure) int { return cmp.Compare(a.Lesson, b.Lesson) })
		panels = append(panels, p)
	}
	return panels, nil
}

// Chart draws the measures of a results file as an SVG bar chart, in a
// <figure> to put in a page.
func Chart(r *benchjson.Results, measures []string) ([]byte, error) {
	panels, err := chartPanels(r, measures)
	if err != nil {
		return nil, err
	}
	id := "chart-" + strings.Join(measures, "-")
	var body, desc bytes.Buffer
	var titles []string
	y := 0
	hatched := false
	for _, p := range panels {
		y = drawPanel(&body, p, id+"-hatch", y)
		titles = append(titles, p.figures[0].Title)
		for _, f := range p.figures {
			desc.WriteString(describe(f) + " ")
			hatched = hatched || f.Before != nil
		}
	}
	height := y + 8
	var svg bytes.Buffer
	svg.WriteString(`<figure class="chart">` + "\n")
	fmt.Fprintf(&svg, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title" aria-describedby="%s-desc">`+"\n",
		chartWidth, height, chartWidth, height, id, id)
	fmt.Fprintf(&svg, "<title id=\"%s-title\">Go against Node: %s</title>\n", id, html.EscapeString(strings.Join(titles, "; ")))
	fmt.Fprintf(&svg, "<desc id=\"%s-desc\">%s</desc>\n", id, html.EscapeString(strings.TrimSpace(desc.String())))
	if hatched {
		// The pattern is the chart's own, for a page may show several; the
		// stylesheet gives its lines their colour.
		fmt.Fprintf(&svg, `<defs><pattern id="%s-hatch" class="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
			`<line x1="1.5" y1="0" x2="1.5" y2="6"/></pattern></defs>`+"\n", id)
	}
	svg.Write(body.Bytes())
	svg.WriteString("</svg>\n</figure>\n")
	return svg.Bytes(), nil
}

// drawPanel draws one measure from y down, and returns where it ends.
// hatch is the id of the pattern of a bar from before a change.
func drawPanel(w *bytes.Buffer, p panel, hatch string, y int) int {
	first := p.figures[0]
	// One scale for the whole panel, so that its bars compare; it starts
	// at zero, as a bar's length must.
	var top float64
	for _, f := range p.figures {
		top = max(top, f.Go.Max, f.Node.Max)
		if f.Before != nil {
			top = max(top, f.Before.Max)
		}
	}
	fmt.Fprintf(w, `<g class="measure" data-measure="%s">`+"\n", html.EscapeString(p.measure))
	y += 20
	fmt.Fprintf(w, `<text class="title" x="0" y="%d">%s</text>`+"\n", y, html.EscapeString(first.Title))
	y += 18
	fmt.Fprintf(w, `<text class="note" x="0" y="%d">%s</text>`+"\n", y, html.EscapeString(unitNote(first)))
	y += 4
	for _, f := range p.figures {
		y += 22
		fmt.Fprintf(w, `<text class="lesson" x="0" y="%d">%s</text>`+"\n", y, html.EscapeString(f.Lesson))
		y += 18
		fmt.Fprintf(w, `<text class="ratio" x="0" y="%d">%s</text>`+"\n", y, ratioText(f))
		y += 8
		rows := 2
		if f.Before != nil {
			rows = 3
		}
		fmt.Fprintf(w, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`+"\n", barLeft, y, barLeft, y+rows*barRow-(barRow-barHeight))
		drawBar(w, "go", "Go", "", f.Go, f, top, y)
		drawBar(w, "node", "Node", "", f.Node, f, top, y+barRow)
		if f.Before != nil {
			drawBar(w, "before", beforeLabel(f), fmt.Sprintf(` fill="url(#%s)"`, hatch), *f.Before, f, top, y+2*barRow)
		}
		y += rows * barRow
	}
	w.WriteString("</g>\n")
	return y + 12
}

// drawBar draws one side's bar, from the top of its row: its median as
// the bar and as a number, its lowest and highest rounds as a whisker.
// fill is the bar's own fill attribute, if the stylesheet does not give it.
func drawBar(w *bytes.Buffer, class, who, fill string, s benchjson.Side, f benchjson.Figure, top float64, y int) {
	x := func(v float64) float64 {
		if top == 0 {
			return barLeft
		}
		return barLeft + v/top*barSpan
	}
	mid := y + barHeight/2
	fmt.Fprintf(w, `<g class="%s">`+"\n", class)
	fmt.Fprintf(w, `<text class="who" x="%d" y="%d" text-anchor="end">%s</text>`+"\n", whoRight, mid+5, html.EscapeString(who))
	fmt.Fprintf(w, `<rect class="bar" x="%d" y="%d" width="%.1f" height="%d"%s/>`+"\n", barLeft, y, x(s.Median)-barLeft, barHeight, fill)
	fmt.Fprintf(w, `<path class="whisker" d="M%.1f,%dH%.1fM%.1f,%dV%dM%.1f,%dV%d"/>`+"\n",
		x(s.Min), mid, x(s.Max), x(s.Min), mid-5, mid+5, x(s.Max), mid-5, mid+5)
	fmt.Fprintf(w, `<text class="value" x="%.1f" y="%d">%s %s</text>`+"\n", x(s.Max)+8, mid+5, number(s.Median), html.EscapeString(f.Unit))
	w.WriteString("</g>\n")
}

// beforeLabel names the bar of the Go server before the change, in the
// room left of the bars: "Go, step 5", else its whole name if it fits.
func beforeLabel(f benchjson.Figure) string {
	name := beforeName(f)
	if name != f.Before.Server {
		name = "Go, " + name
	}
	if float64(len([]rune(name)))*charWidth > whoRight {
		return "Go, before"
	}
	return name
}

// ratioText is Go's median over Node's, and the target, if any, with its
// verdict in words; then, where there is room, Go's median over its
// median before the change.
func ratioText(f benchjson.Figure) string {
	text := "Go/Node " + number(f.Ratio)
	plain := text
	if f.Target != 0 {
		class := "met"
		if !f.Met() {
			class = "missed"
		}
		plain = fmt.Sprintf("%s · target %s · %s", text, targetText(f), verdict(f, "missed"))
		text = fmt.Sprintf(`%s · target %s · <tspan class="%s">%s</tspan>`, html.EscapeString(text), targetText(f), class, verdict(f, "missed"))
	}
	if f.Before == nil || f.Before.Median == 0 {
		return text
	}
	more := fmt.Sprintf(" · Go/%s ×%s", beforeName(f), number(f.Go.Median/f.Before.Median))
	if float64(len([]rune(plain+more)))*charWidth > chartWidth {
		return text
	}
	return text + "<tspan>" + html.EscapeString(more) + "</tspan>"
}

// unitNote is "in MB/s, higher is better", or only the unit for a figure
// that is better neither way.
func unitNote(f benchjson.Figure) string {
	if f.Better == "" {
		return "in " + f.Unit
	}
	return fmt.Sprintf("in %s, %s is better", f.Unit, f.Better)
}

// describe is a figure in words, for those who cannot see the chart.
func describe(f benchjson.Figure) string {
	text := fmt.Sprintf("%s, %s, %s: Go %s (%s to %s), Node %s (%s to %s)",
		f.Lesson, f.Title, unitNote(f),
		number(f.Go.Median), number(f.Go.Min), number(f.Go.Max),
		number(f.Node.Median), number(f.Node.Min), number(f.Node.Max))
	if b := f.Before; b != nil {
		text += ", Go before the change"
		if b.Server != "" {
			text += " (" + b.Server + ")"
		}
		text += fmt.Sprintf(" %s (%s to %s)", number(b.Median), number(b.Min), number(b.Max))
	}
	text += ", Go/Node " + number(f.Ratio)
	if f.Target != 0 {
		aim := "at least"
		if f.Better == "lower" {
			aim = "at most"
		}
		text += fmt.Sprintf(", target %s %s, %s", aim, number(f.Target), strings.TrimLeft(verdict(f, "missed"), "✓✗ "))
	}
	return text + "."
}
