package docs

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"tcpgo/internal/benchjson"
)

// The benchmark page shows what make bench measured, Go against Node. The
// figures live next to the page, in bench/results.json (docs/bench/ for
// docs/bench.md), whose shape is package benchjson. Four kinds of fenced
// block show them:
//
//	```bench show=machine          where and when the figures were taken
//	```bench show=table            every figure, Go against Node
//	```bench show=micro            the testing.B benchmarks, by package
//	```bench chart=echo1,echo50    bar charts of those measures
//
// The first three hold their text as Markdown, so that the page shows the
// real numbers even read as Markdown: make docs writes it from the
// results, and the drift check compares it, as it does a code block. A
// chart block stays empty: the site draws the chart from the results each
// time it is built, so there is no copy of it to fall behind.

// ResultsFile is where a page's benchmark figures are, next to the page.
const ResultsFile = "bench/results.json"

// resultsPath is the results file of a page, relative to the root.
func resultsPath(page string) string {
	return path.Join(path.Dir(page), ResultsFile)
}

// resultsError is a results file that cannot be read or makes no sense:
// every bench block of the page would fail with it, so it is reported once.
type resultsError struct{ error }

// readResults loads and checks a results file. Its errors are one line
// that names the file.
func readResults(file string) (*benchjson.Results, error) {
	r, err := benchjson.Read(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, resultsError{fmt.Errorf("%s: no such file (make bench writes it)", file)}
	}
	if err != nil {
		return nil, resultsError{err}
	}
	if err := validResults(r); err != nil {
		return nil, resultsError{fmt.Errorf("%s: %w", file, err)}
	}
	return r, nil
}

// validResults reports what would make the page say something untrue or
// draw something meaningless.
func validResults(r *benchjson.Results) error {
	if _, err := time.Parse(time.RFC3339, r.Date); err != nil {
		return fmt.Errorf("date: want RFC 3339, got %q", r.Date)
	}
	m := r.Machine
	switch {
	case r.Rounds < 1:
		return fmt.Errorf("rounds: want at least 1, got %d", r.Rounds)
	case m.Cores < 1 || m.CPU == "" || m.Go == "" || m.Node == "":
		return fmt.Errorf("machine: want its cores, cpu, go and node")
	case len(r.Figures) == 0:
		return fmt.Errorf("no figures")
	}
	ids := map[string]bool{}
	for i, f := range r.Figures {
		if err := validFigure(f); err != nil {
			return fmt.Errorf("figure %d (%s): %w", i+1, f.ID, err)
		}
		if ids[f.ID] {
			return fmt.Errorf("figure %d: id %s is used twice", i+1, f.ID)
		}
		ids[f.ID] = true
	}
	for i, m := range r.Micro {
		if err := validMicro(m); err != nil {
			return fmt.Errorf("micro %d (%s %s): %w", i+1, m.Package, m.Name, err)
		}
	}
	return nil
}

func validFigure(f benchjson.Figure) error {
	switch {
	case f.ID == "" || f.Measure == "" || f.Title == "" || f.Lesson == "" || f.Unit == "":
		return fmt.Errorf("want its id, measure, title, lesson and unit")
	case f.Better != "higher" && f.Better != "lower" && f.Better != "":
		return fmt.Errorf("better: want higher, lower or nothing, got %q", f.Better)
	case f.Better == "" && f.Target != 0:
		return fmt.Errorf("a target needs a better side: higher or lower")
	case !finite(f.Ratio, f.Target):
		return fmt.Errorf("ratio and target: want numbers of 0 or more")
	}
	type named struct {
		name string
		side benchjson.Side
	}
	sides := []named{{"go", f.Go}, {"node", f.Node}}
	if f.Before != nil {
		sides = append(sides, named{"before", *f.Before})
	}
	for _, s := range sides {
		if !finite(s.side.Min, s.side.Median, s.side.Max) || s.side.Min > s.side.Median || s.side.Median > s.side.Max {
			return fmt.Errorf("%s: want 0 ≤ min ≤ median ≤ max, got %v, %v, %v", s.name, s.side.Min, s.side.Median, s.side.Max)
		}
	}
	return nil
}

func validMicro(m benchjson.Micro) error {
	if m.Package == "" || m.Name == "" {
		return fmt.Errorf("want its package and name")
	}
	if !finite(m.NsPerOp, m.MBps, m.BytesPerOp, m.AllocsPerOp) || !finite(slices.Collect(maps.Values(m.Metrics))...) {
		return fmt.Errorf("want numbers of 0 or more")
	}
	return nil
}

// finite reports whether every value is a number of 0 or more.
func finite(values ...float64) bool {
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return false
		}
	}
	return true
}

// benchSource is the results file of a build, read the first time a page
// shows a bench block: a site with no such page needs no such file.
type benchSource struct {
	file    string
	once    sync.Once
	results *benchjson.Results
	err     error
}

func (s *benchSource) load() (*benchjson.Results, error) {
	s.once.Do(func() { s.results, s.err = readResults(s.file) })
	return s.results, s.err
}

// benchWant is what a bench block must hold: the Markdown of show=machine,
// show=table and show=micro, nothing for a chart (once its measures are
// found).
func benchWant(root string, b *Block) (string, error) {
	file := filepath.Join(root, filepath.FromSlash(resultsPath(b.Page)))
	r, err := readResults(file)
	if err != nil {
		return "", err
	}
	return benchMarkdown(r, file, b.Attrs)
}

// benchMarkdown is the Markdown of a bench block from the results read
// from file.
func benchMarkdown(r *benchjson.Results, file string, attrs map[string]string) (string, error) {
	switch {
	case attrs["show"] == "machine" && len(attrs) == 1:
		return machineText(r), nil
	case attrs["show"] == "table" && len(attrs) == 1:
		return figureTable(r), nil
	case attrs["show"] == "micro" && len(attrs) == 1:
		if len(r.Micro) == 0 {
			return "", fmt.Errorf("%s: no micro benchmarks (make bench runs them)", file)
		}
		return microTable(r.Micro), nil
	case attrs["show"] == "syscalls" && len(attrs) == 2 && attrs["test"] != "":
		table, err := syscallTable(r.Syscalls, attrs["test"])
		if err != nil {
			return "", fmt.Errorf("%s: %w", file, err)
		}
		return table, nil
	case attrs["chart"] != "" && len(attrs) == 1:
		_, err := chartPanels(r, strings.Split(attrs["chart"], ","))
		return "", err
	}
	return "", fmt.Errorf("a bench block wants show=machine, show=table, show=micro, show=syscalls test=rtt|echo1 or chart=measure,measure")
}

// benchTableClass is the class of a bench block's table in the site, for
// the stylesheet and the browser test.
func benchTableClass(attrs map[string]string) string {
	if attrs["show"] == "micro" || attrs["show"] == "syscalls" {
		return "micro"
	}
	return "figures"
}

// machineText says where and when the figures were taken.
func machineText(r *benchjson.Results) string {
	m := r.Machine
	when, _ := time.Parse(time.RFC3339, r.Date)
	machine := []string{mdEscape(m.CPU)}
	if m.OS != "" {
		machine = append(machine, mdEscape(m.OS))
	}
	if m.Kernel != "" {
		machine = append(machine, "kernel "+mdEscape(m.Kernel))
	}
	text := fmt.Sprintf("Measured on %s, with Go %s and Node %s, on a machine with %d %s: %s. ",
		when.UTC().Format("2 January 2006 at 15:04 UTC"),
		mdEscape(strings.TrimPrefix(m.Go, "go")), mdEscape(strings.TrimPrefix(m.Node, "v")),
		m.Cores, plural(m.Cores, "core"), strings.Join(machine, ", "))
	text += fmt.Sprintf("Each figure is the median of %d %s, with the lowest and the highest in brackets.",
		r.Rounds, plural(r.Rounds, "round"))
	if len(r.Settings) > 0 {
		var settings []string
		for _, k := range slices.Sorted(maps.Keys(r.Settings)) {
			settings = append(settings, mdEscape(k+" "+r.Settings[k]))
		}
		text += " Settings: " + strings.Join(settings, "; ") + "."
	}
	return wrap(text+" [The figures as JSON]("+ResultsFile+").", 72)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// figureTable is every figure, in the order of the results. Where a
// figure has the Go server as it was before a change, its figures go
// under Go's own, on a line of their own, named: the column that holds
// them is no wider than Go's, and Go/Node stays what it was.
func figureTable(r *benchjson.Results) string {
	var b strings.Builder
	b.WriteString("| Measure | Lesson | Go: median (min–max) | Node: median (min–max) | Go/Node | Better | Target | Met |\n")
	b.WriteString("|---|---|--:|--:|--:|---|--:|---|\n")
	for _, f := range r.Figures {
		goCell := mdEscape(spread(f.Go, f.Unit))
		if f.Before != nil {
			goCell += "<br>" + mdEscape(beforeName(f)+": "+spread(*f.Before, f.Unit))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			mdEscape(f.Title), mdEscape(f.Lesson), goCell, mdEscape(spread(f.Node, f.Unit)),
			number(f.Ratio), cmp.Or(f.Better, "—"), target(f), verdict(f, "**missed**"))
	}
	return b.String()
}

// beforeName is the Go server before the change in few words: what its
// name adds to the Go server's, "step 5" for "robust-server, step 5"
// against "robust-server"; or its whole name.
func beforeName(f benchjson.Figure) string {
	name := f.Before.Server
	if rest, ok := strings.CutPrefix(name, f.Go.Server); ok && f.Go.Server != "" {
		if rest = strings.TrimLeft(rest, " ,;:-("); rest != "" {
			return strings.TrimSuffix(rest, ")")
		}
	}
	if name == "" {
		return "before"
	}
	return name
}

// microTable is the testing.B benchmarks, a group of rows per package in
// the order the results first name it, with a column for each figure of
// their own ("lines/op").
func microTable(micro []benchjson.Micro) string {
	units := map[string]bool{}
	var packages []string
	for _, m := range micro {
		for u := range m.Metrics {
			units[u] = true
		}
		if !slices.Contains(packages, m.Package) {
			packages = append(packages, m.Package)
		}
	}
	extra := slices.Sorted(maps.Keys(units))
	var b strings.Builder
	b.WriteString("| Package | Benchmark | MB/s | ns/op | allocs/op |")
	for _, u := range extra {
		b.WriteString(" " + mdEscape(u) + " |")
	}
	b.WriteString("\n|---|---|--:|--:|--:|" + strings.Repeat("--:|", len(extra)) + "\n")
	for _, pkg := range packages {
		// The package is named on its group's first row only.
		name := codeSpan(pkg)
		for _, m := range micro {
			if m.Package != pkg {
				continue
			}
			mbps := "—"
			if m.MBps > 0 {
				mbps = grouped(number(m.MBps))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |", name, mdEscape(m.Name), mbps, grouped(number(m.NsPerOp)), grouped(number(m.AllocsPerOp)))
			for _, u := range extra {
				v, ok := m.Metrics[u]
				if !ok {
					b.WriteString(" — |")
					continue
				}
				b.WriteString(" " + grouped(number(v)) + " |")
			}
			b.WriteString("\n")
			name = ""
		}
	}
	return b.String()
}

// syscallTable is the system calls of one test, a row per call and a
// column per server, the calls made most first.
func syscallTable(all []benchjson.Syscalls, test string) (string, error) {
	var counts []benchjson.Syscalls
	most := map[string]float64{}
	for _, c := range all {
		if c.Test != test {
			continue
		}
		counts = append(counts, c)
		for name, n := range c.Calls {
			most[name] = max(most[name], n)
		}
	}
	if len(counts) == 0 {
		return "", fmt.Errorf("no system calls counted for %q (make bench counts them where strace is installed)", test)
	}
	names := slices.SortedFunc(maps.Keys(most), func(a, b string) int {
		if c := cmp.Compare(most[b], most[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	var b strings.Builder
	fmt.Fprintf(&b, "| system call, per %s |", mdEscape(counts[0].Per))
	for _, c := range counts {
		fmt.Fprintf(&b, " %s (%s) |", mdEscape(c.Server), c.Lang)
	}
	b.WriteString("\n|---|" + strings.Repeat("--:|", len(counts)) + "\n")
	for _, name := range names {
		fmt.Fprintf(&b, "| %s |", codeSpan(name))
		for _, c := range counts {
			cell := "—"
			if n, ok := c.Calls[name]; ok {
				cell = strconv.FormatFloat(n, 'f', 2, 64)
				if failed := c.Failed[name]; failed > 0 {
					cell += fmt.Sprintf(" (%s failed)", strconv.FormatFloat(failed, 'f', 2, 64))
				}
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

// codeSpan writes a name as code, when it can be.
func codeSpan(s string) string {
	if strings.ContainsAny(s, "`|") {
		return mdEscape(s)
	}
	return "`" + s + "`"
}

// grouped puts commas between the thousands of a number of five digits
// or more, as the page does in its words: 5120, 12,500, 1,250,000.
func grouped(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) < 5 {
		return s
	}
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// spread is a side's median with its unit, then its lowest and highest.
func spread(s benchjson.Side, unit string) string {
	return fmt.Sprintf("%s %s (%s–%s)", number(s.Median), unit, number(s.Min), number(s.Max))
}

// target is the ratio aimed at, with the side it must be on.
func target(f benchjson.Figure) string {
	switch {
	case f.Target == 0:
		return "—"
	case f.Better == "higher":
		return "≥ " + number(f.Target)
	default:
		return "≤ " + number(f.Target)
	}
}

// verdict says in words, not colour alone, whether the target is met.
func verdict(f benchjson.Figure, missed string) string {
	switch {
	case f.Target == 0:
		return "—"
	case f.Met():
		return "✓ met"
	default:
		return "✗ " + missed
	}
}

// number writes a figure with three significant digits, or with all of
// its whole part when that is longer: 85.6, 107, 1.25, 0.8, 5120.
func number(v float64) string {
	if v == 0 {
		return "0"
	}
	decimals := max(0, 2-int(math.Floor(math.Log10(math.Abs(v)))))
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// mdEscape keeps Markdown from reading names and values as markup.
func mdEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune("\\`*_<>|", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(text) {
		n := len([]rune(w))
		if i > 0 && line+1+n > width {
			b.WriteByte('\n')
			line = 0
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += n
	}
	return b.String() + "\n"
}
