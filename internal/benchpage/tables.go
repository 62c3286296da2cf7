package benchpage

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"tcpgo/internal/benchjson"
)

// machineText says where and when the figures were taken.
func machineText(r *benchjson.Results) string {
	m := r.Machine
	when, _ := time.Parse(time.RFC3339, r.Date) // ReadResults has checked it
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
	of := fmt.Sprintf("median of %d %s", r.Rounds, plural(r.Rounds, "round"))
	fmt.Fprintf(&b, "| Measure | Lesson | Go: %s (min–max) | Node: %s (min–max) | Go/Node | Ranges | Better | Target | Met |\n", of, of)
	b.WriteString("|---|---|--:|--:|--:|---|---|--:|---|\n")
	for _, f := range r.Figures {
		goCell := mdEscape(spread(f.Go, f.Unit))
		if f.Before != nil {
			goCell += "<br>" + mdEscape(beforeName(f)+": "+spread(*f.Before, f.Unit))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			mdEscape(f.Title), mdEscape(f.Lesson), goCell, mdEscape(spread(f.Node, f.Unit)),
			number(f.Ratio), ranges(f.Go, f.Node), cmp.Or(f.Better, "—"), targetText(f), verdict(f, "**missed**"))
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
			if m.Package == pkg {
				b.WriteString(microRow(name, m, extra))
				name = ""
			}
		}
	}
	return b.String()
}

// microRow is one benchmark's row, under a package named, or left blank.
func microRow(pkg string, m benchjson.Micro, extra []string) string {
	mbps := "—"
	if m.MBps > 0 {
		mbps = grouped(number(m.MBps))
	}
	row := fmt.Sprintf("| %s | %s | %s | %s | %s |", pkg, mdEscape(m.Name), mbps, grouped(number(m.NsPerOp)), grouped(number(m.AllocsPerOp)))
	for _, u := range extra {
		if v, ok := m.Metrics[u]; ok {
			row += " " + grouped(number(v)) + " |"
		} else {
			row += " — |"
		}
	}
	return row + "\n"
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
			b.WriteString(" " + syscallCell(c, name) + " |")
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

// syscallCell is how many times a server made a call, and how many of
// them failed; "—" if it made none.
func syscallCell(c benchjson.Syscalls, name string) string {
	n, ok := c.Calls[name]
	if !ok {
		return "—"
	}
	cell := strconv.FormatFloat(n, 'f', 2, 64)
	if failed := c.Failed[name]; failed > 0 {
		cell += fmt.Sprintf(" (%s failed)", strconv.FormatFloat(failed, 'f', 2, 64))
	}
	return cell
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

// ranges says whether the lowest and highest of Go's rounds overlap
// Node's: where they do, one round of each could have come out either
// way, and the ratio of the medians says less than it seems to.
func ranges(a, b benchjson.Side) string {
	if a.Min <= b.Max && b.Min <= a.Max {
		return "overlap"
	}
	return "apart"
}

// targetText is the ratio aimed at, with the side it must be on.
func targetText(f benchjson.Figure) string {
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
