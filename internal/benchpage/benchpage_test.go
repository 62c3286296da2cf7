package benchpage

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/benchjson"
	"tcpgo/internal/sitetest"
)

// results is the made-up results file the tests share.
func results() *benchjson.Results { return sitetest.Results() }

func TestTableShowsEveryFigureAndItsVerdict(t *testing.T) {
	table := figureTable(results())
	rows := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	require.Len(t, rows, 2+3, "a header, its rule, and a row per figure")
	assert.Equal(t, "| Measure | Lesson | Go: median of 5 rounds (min–max) | Node: median of 5 rounds (min–max) | Go/Node | Ranges | Better | Target | Met |", rows[0],
		"the header says how many rounds each figure rests on")
	assert.Equal(t, "| throughput | 03-server | 300 MB/s (250–330) | 100 MB/s (90–120) | 3 | apart | higher | ≥ 2 | ✓ met |", rows[2])
	assert.Equal(t, "| throughput | 05-robust-server | 150 MB/s (140–160)<br>step 5: 50 MB/s (45–60) | 120 MB/s (110–125) | 1.25 | apart | higher | ≥ 2 | ✗ **missed** |", rows[3],
		"the Go server before the change, under Go's own, named by what its name adds to Go's")
	assert.Equal(t, `| memory \| held | 04-conversation | 8.5 KB (8–9) | 17 KB (16–18) | 0.5 | apart | lower | — | — |`, rows[4],
		"a | in a title does not end its cell; no target, no verdict")
}

func TestRangesOverlapWhenOneRoundCouldGoEitherWay(t *testing.T) {
	side := func(min, max float64) benchjson.Side { return benchjson.Side{Min: min, Max: max} }
	assert.Equal(t, "overlap", ranges(side(10, 20), side(15, 30)))
	assert.Equal(t, "overlap", ranges(side(15, 30), side(10, 20)))
	assert.Equal(t, "overlap", ranges(side(10, 20), side(20, 30)), "touching at one value")
	assert.Equal(t, "overlap", ranges(side(10, 40), side(20, 30)), "one inside the other")
	assert.Equal(t, "apart", ranges(side(10, 19), side(20, 30)))
	assert.Equal(t, "apart", ranges(side(31, 40), side(20, 30)))
}

func TestBeforeIsNamedByWhatItAdds(t *testing.T) {
	for _, c := range []struct{ goServer, before, name, label string }{
		{"robust-server", "robust-server, step 5", "step 5", "Go, step 5"},
		{"robust-server", "robust-server (step 5)", "step 5", "Go, step 5"},
		{"tcp-server", "old-server", "old-server", "old-server"},
		{"tcp-server", "a-server-with-a-very-long-name", "a-server-with-a-very-long-name", "Go, before"},
		{"tcp-server", "tcp-server", "tcp-server", "tcp-server"},
		{"tcp-server", "", "before", "Go, before"},
	} {
		f := benchjson.Figure{Go: benchjson.Side{Server: c.goServer}, Before: &benchjson.Side{Server: c.before}}
		assert.Equal(t, c.name, beforeName(f), "%q against %q", c.before, c.goServer)
		assert.Equal(t, c.label, beforeLabel(f), "%q against %q", c.before, c.goServer)
	}
}

func TestMicroTableGroupsByPackage(t *testing.T) {
	got, err := Markdown(results(), "results.json", map[string]string{"show": "micro"})
	require.NoError(t, err)
	assert.Equal(t, "| Package | Benchmark | MB/s | ns/op | allocs/op | lines/op |\n"+
		"|---|---|--:|--:|--:|--:|\n"+
		"| `tcpgo/lessons/03-server` | Echo/lesson-32KiB | 265 | 123,457 | 0 | — |\n"+
		"|  | Copy | — | 76 | 2 | — |\n"+
		"| `tcpgo/lessons/05-robust-server` | Lines/64\\_B | 7781 | 4213 | 1.5 | 512 |\n", got,
		"a package's rows together, named once; three digits, more for a whole part; — for what was not measured")

	r := results()
	for i := range r.Micro {
		r.Micro[i].Metrics = nil
	}
	got, err = Markdown(r, "results.json", map[string]string{"show": "micro"})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(got, "| Package | Benchmark | MB/s | ns/op | allocs/op |\n|---|---|--:|--:|--:|\n"),
		"no column for figures no benchmark has: %s", got)
}

func TestMicroBlockWithoutMicroNamesTheFile(t *testing.T) {
	r := results()
	r.Micro = nil
	_, err := Markdown(r, "docs/bench/results.json", map[string]string{"show": "micro"})
	assert.EqualError(t, err, "docs/bench/results.json: no micro benchmarks (make bench runs them)")
	_, err = Markdown(r, "docs/bench/results.json", map[string]string{"show": "table"})
	assert.NoError(t, err, "only the block that shows them needs them")
}

func TestGroupedThousands(t *testing.T) {
	for in, want := range map[string]string{"0": "0", "76": "76", "5120": "5120", "12500": "12,500", "1250000": "1,250,000",
		"123456": "123,456", "0.0123": "0.0123"} {
		assert.Equal(t, want, grouped(in), in)
	}
}

func TestMachineSaysWhereAndWhen(t *testing.T) {
	text := machineText(results())
	for _, want := range []string{"3 February 2031 at 04:05 UTC", "4 cores", "Test CPU 9000", "linux/arm64", "kernel 6.9.1",
		"Go 1.99.1", "Node 42.0.1", "median of 5 rounds", "echo 2s per round", "(bench/results.json)"} {
		assert.Contains(t, strings.ReplaceAll(text, "\n", " "), want)
	}
	for _, line := range strings.Split(text, "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 72, "the Markdown is wrapped: %q", line)
	}
}

func TestNumbersKeepThreeDigits(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 85.60000000000001: "85.6", 107: "107", 1.25: "1.25", 0.8: "0.8",
		5120.4: "5120", 0.012345: "0.0123", 99.96: "100", 2: "2"} {
		assert.Equal(t, want, number(v), "%v", v)
	}
}

// element is an SVG element, parsed.
type element struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []element  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (e element) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// find returns the elements under e, e included, that match.
func (e element) find(match func(element) bool) []element {
	var found []element
	if match(e) {
		found = append(found, e)
	}
	for _, c := range e.Children {
		found = append(found, c.find(match)...)
	}
	return found
}

func (e element) allText() string {
	text := e.Text
	for _, c := range e.Children {
		text += c.allText()
	}
	return text
}

func withClass(name string) func(element) bool {
	return func(e element) bool { return e.attr("class") == name }
}

func parseChart(t *testing.T, r *benchjson.Results, measures ...string) element {
	t.Helper()
	out, err := Chart(r, measures)
	require.NoError(t, err)
	var fig element
	require.NoError(t, xml.Unmarshal(out, &fig), "the chart is well-formed XML")
	require.Equal(t, "figure", fig.XMLName.Local)
	require.Len(t, fig.Children, 1)
	return fig.Children[0]
}

func TestChartIsAccessibleSVG(t *testing.T) {
	svg := parseChart(t, results(), "tput", "mem")
	assert.Equal(t, "http://www.w3.org/2000/svg", svg.XMLName.Space)
	assert.Equal(t, "img", svg.attr("role"))
	titles := svg.find(func(e element) bool { return e.XMLName.Local == "title" })
	require.Len(t, titles, 1)
	assert.Equal(t, svg.attr("aria-labelledby"), titles[0].attr("id"))
	assert.Equal(t, "Go against Node: throughput; memory | held", titles[0].Text)
	descs := svg.find(func(e element) bool { return e.XMLName.Local == "desc" })
	require.Len(t, descs, 1)
	assert.Equal(t, svg.attr("aria-describedby"), descs[0].attr("id"))
	assert.Contains(t, descs[0].Text, "03-server, throughput, in MB/s, higher is better: Go 300 (250 to 330), Node 100 (90 to 120), Go/Node 3, target at least 2, met.")
	assert.Contains(t, descs[0].Text, "05-robust-server, throughput, in MB/s, higher is better: Go 150 (140 to 160), Node 120 (110 to 125), "+
		"Go before the change (robust-server, step 5) 50 (45 to 60), Go/Node 1.25, target at least 2, missed.")

	// Words, not colours alone: each bar is named, the verdict written.
	text := svg.allText()
	for _, want := range []string{"in MB/s, higher is better", "in KB, lower is better", "Go/Node 3 · target ≥ 2 · ✓ met",
		"Go/Node 1.25 · target ≥ 2 · ✗ missed", "Go/Node 0.5", "300 MB/s", "8.5 KB"} {
		assert.Contains(t, text, want)
	}
	assert.Len(t, svg.find(withClass("who")), 7, "a Go and a Node label for each of three figures, and one before")
	assert.Len(t, svg.find(withClass("missed")), 1)
	assert.Len(t, svg.find(withClass("met")), 1)
}

// bar is one side's bar as drawn: its length, and its whisker's ends.
type bar struct{ length, low, high float64 }

func bars(t *testing.T, panel element, side string) []bar {
	t.Helper()
	var out []bar
	for _, g := range panel.find(withClass(side)) {
		var b bar
		rects, whiskers := g.find(withClass("bar")), g.find(withClass("whisker"))
		require.Len(t, rects, 1)
		require.Len(t, whiskers, 1)
		_, err := fmt.Sscanf(rects[0].attr("width"), "%g", &b.length)
		require.NoError(t, err)
		var y, y1, y2 int
		var low2, high2 float64
		_, err = fmt.Sscanf(whiskers[0].attr("d"), "M%g,%dH%gM%g,%dV%dM%g,%dV%d", &b.low, &y, &b.high, &low2, &y1, &y2, &high2, &y1, &y2)
		require.NoError(t, err, whiskers[0].attr("d"))
		assert.Equal(t, []float64{b.low, b.high}, []float64{low2, high2}, "the caps sit at the whisker's ends")
		b.low -= barLeft
		b.high -= barLeft
		out = append(out, b)
	}
	return out
}

func TestChartBarsAreToScale(t *testing.T) {
	r := results()
	svg := parseChart(t, r, "tput")
	panels := svg.find(withClass("measure"))
	require.Len(t, panels, 1)
	goBars, nodeBars := bars(t, panels[0], "go"), bars(t, panels[0], "node")
	require.Len(t, goBars, 2)
	require.Len(t, nodeBars, 2)
	// Lessons in order; the longest whisker (Go's 330) spans the chart.
	scale := barSpan / 330.0
	for i, f := range []benchjson.Figure{r.Figures[0], r.Figures[1]} {
		for _, c := range []struct {
			drawn bar
			side  benchjson.Side
		}{{goBars[i], f.Go}, {nodeBars[i], f.Node}} {
			assert.InDelta(t, c.side.Median*scale, c.drawn.length, 0.06, "%s: the bar is as long as the median", f.ID)
			assert.InDelta(t, c.side.Min*scale, c.drawn.low, 0.06, "%s: the whisker starts at the lowest round", f.ID)
			assert.InDelta(t, c.side.Max*scale, c.drawn.high, 0.06, "%s: and ends at the highest", f.ID)
		}
	}
	assert.InDelta(t, barSpan, goBars[0].high, 0.06)
}

func TestChartDrawsBeforeAsAThirdBar(t *testing.T) {
	r := results()
	svg := parseChart(t, r, "tput")
	panel := svg.find(withClass("measure"))[0]
	require.Len(t, bars(t, panel, "before"), 1, "only the figure that has one")
	drawn := bars(t, panel, "before")[0]
	// The panel's scale is still Go's 330, the longest whisker.
	scale := barSpan / 330.0
	before := r.Figures[1].Before
	assert.InDelta(t, before.Median*scale, drawn.length, 0.06, "the bar is as long as the median")
	assert.InDelta(t, before.Min*scale, drawn.low, 0.06)
	assert.InDelta(t, before.Max*scale, drawn.high, 0.06)

	// It is named, under Go and Node, and hatched: not told by colour alone.
	g := panel.find(withClass("before"))[0]
	who := g.find(withClass("who"))
	require.Len(t, who, 1)
	assert.Equal(t, "Go, step 5", who[0].Text)
	assert.Contains(t, g.allText(), "50 MB/s")
	y := func(g element) (y int) {
		_, err := fmt.Sscan(g.find(withClass("bar"))[0].attr("y"), &y)
		require.NoError(t, err)
		return y
	}
	assert.Equal(t, y(panel.find(withClass("node"))[1])+barRow, y(g), "a row below the figure's Node bar")
	fill := g.find(withClass("bar"))[0].attr("fill")
	patterns := svg.find(func(e element) bool { return e.XMLName.Local == "pattern" })
	require.Len(t, patterns, 1)
	assert.Equal(t, "url(#"+patterns[0].attr("id")+")", fill, "the bar is filled with the chart's hatching")
	assert.Contains(t, svg.allText(), "Go/Node 1.25 · target ≥ 2 · ✗ missed · Go/step 5 ×3", "how much the change did")
	assert.NotContains(t, panel.find(withClass("ratio"))[0].allText(), "step 5", "the figure without one says nothing of it")

	// A scale that a taller before sets is the panel's.
	r.Figures[1].Before.Max = 660
	drawn = bars(t, parseChart(t, r, "tput").find(withClass("measure"))[0], "before")[0]
	assert.InDelta(t, barSpan, drawn.high, 0.06)
}

func TestChartWithoutBeforeHasNoThirdBar(t *testing.T) {
	r := results()
	r.Figures[1].Before = nil
	svg := parseChart(t, r, "tput", "mem")
	assert.Empty(t, svg.find(withClass("before")))
	assert.Empty(t, svg.find(func(e element) bool { return e.XMLName.Local == "pattern" }), "no hatching to define")
	assert.Len(t, svg.find(withClass("who")), 6)
	assert.NotContains(t, svg.allText(), "step 5")
	desc := svg.find(func(e element) bool { return e.XMLName.Local == "desc" })[0]
	assert.NotContains(t, desc.Text, "before")
}

func TestChartNamesAMeasureItCannotFind(t *testing.T) {
	_, err := Chart(results(), []string{"tput", "nope"})
	assert.EqualError(t, err, `chart: no figure measures "nope"`)
}

func TestResultsErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "results.json")
	_, err := ReadResults(file)
	assert.EqualError(t, err, file+": no such file (make bench writes it)")

	for text, want := range map[string]string{
		"{not json":             file + ": invalid character 'n' looking for beginning of object key string",
		`{"date": "yesterday"}`: file + `: date: want RFC 3339, got "yesterday"`,
		`{"date": "2031-02-03T04:05:06Z", "rounds": 1}`: file + ": machine: want its cores, cpu, go and node",
	} {
		require.NoError(t, os.WriteFile(file, []byte(text), 0o644))
		_, err := ReadResults(file)
		assert.EqualError(t, err, want)
	}

	r := results()
	r.Figures[1].Better = "more"
	require.NoError(t, benchjson.Write(file, r))
	_, err = ReadResults(file)
	assert.EqualError(t, err, file+`: figure 2 (tput-05): better: want higher, lower or nothing, got "more"`)
	r = results()
	r.Figures[0].Go.Min = 400
	require.NoError(t, benchjson.Write(file, r))
	_, err = ReadResults(file)
	assert.ErrorContains(t, err, "figure 1 (tput-03): go: want 0 ≤ min ≤ median ≤ max")
	r = results()
	r.Figures[1].Before.Max = 1
	require.NoError(t, benchjson.Write(file, r))
	_, err = ReadResults(file)
	assert.ErrorContains(t, err, "figure 2 (tput-05): before: want 0 ≤ min ≤ median ≤ max")
	r = results()
	r.Micro[1].NsPerOp = -1
	require.NoError(t, benchjson.Write(file, r))
	_, err = ReadResults(file)
	assert.EqualError(t, err, file+": micro 2 (tcpgo/lessons/05-robust-server Lines/64_B): want numbers of 0 or more")
	r = results()
	r.Micro[2].Name = ""
	require.NoError(t, benchjson.Write(file, r))
	_, err = ReadResults(file)
	assert.EqualError(t, err, file+": micro 3 (tcpgo/lessons/03-server ): want its package and name")
}

func TestSyscallTableHasACallPerRowAndAServerPerColumn(t *testing.T) {
	all := []benchjson.Syscalls{
		{Server: "tcp-server", Lang: "Go", Test: "rtt", Per: "round trip",
			Calls: map[string]float64{"read": 1.5, "write": 1, "nanosleep": 0.3}, Failed: map[string]float64{"read": 0.5}},
		{Server: "server.js", Lang: "Node", Test: "rtt", Per: "round trip",
			Calls: map[string]float64{"read": 1, "write": 1, "epoll_pwait": 1}},
		{Server: "tcp-server", Lang: "Go", Test: "echo1", Per: "MB", Calls: map[string]float64{"read": 35}},
	}
	table, err := syscallTable(all, "rtt")
	require.NoError(t, err)
	assert.Equal(t, `| system call, per round trip | tcp-server (Go) | server.js (Node) |
|---|--:|--:|
| `+"`read`"+` | 1.50 (0.50 failed) | 1.00 |
| `+"`epoll_pwait`"+` | — | 1.00 |
| `+"`write`"+` | 1.00 | 1.00 |
| `+"`nanosleep`"+` | 0.30 | — |
`, table)

	_, err = syscallTable(all, "echo50")
	assert.ErrorContains(t, err, `no system calls counted for "echo50"`)
}

// A figure that is better neither way (how many cores a server kept
// busy) says only its unit, and has no target.
func TestAFigureBetterNeitherWaySaysOnlyItsUnit(t *testing.T) {
	f := benchjson.Figure{ID: "cores50-03", Measure: "cores50", Title: "cores busy", Lesson: "03-server", Unit: "cores",
		Go: benchjson.Side{Median: 1, Min: 1, Max: 1}, Node: benchjson.Side{Median: 1, Min: 1, Max: 1}, Ratio: 1}
	require.NoError(t, f.Validate())
	assert.Equal(t, "in cores", unitNote(f))
	assert.Contains(t, describe(f), "cores busy, in cores: Go 1")
	f.Target = 1
	assert.ErrorContains(t, f.Validate(), "a target needs a better side")
}
