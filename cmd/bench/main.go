// Command bench measures the Go servers of lessons 3 to 5 against their
// Node twins, side by side in the same run, on loopback (make bench):
// echo throughput, round trips, idle connections, the conversation with
// thousands of talkers, and CPU per GB echoed. Each figure is measured
// several rounds, Go and Node in turn; it prints the medians with their
// spread and the Go/Node ratios, and writes them as JSON for the site.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"tcpgo/internal/benchjson"
)

func main() {
	var s settings
	flags := flag.NewFlagSet("bench", flag.ExitOnError)
	flags.IntVar(&s.rounds, "rounds", 3, "how many times to measure each figure")
	flags.DurationVar(&s.d, "for", time.Second, "how long each echo and round-trip run lasts")
	flags.IntVar(&s.idle, "idle", 5000, "idle `connections` to hold")
	flags.IntVar(&s.talkers, "talkers", 5000, "talkers in the conversation")
	flags.IntVar(&s.messages, "messages", 3, "messages each talker sends, one after each reply")
	flags.DurationVar(&s.delay, "delay", 200*time.Millisecond, "the conversation server's -delay")
	flags.StringVar(&s.benchtime, "benchtime", "300ms", "go test's -benchtime for the testing.B benchmarks; empty to leave them out")
	flags.StringVar(&s.bin, "bin", "", "a `directory` holding the Go servers and loadgen, built already (else they are built)")
	flags.BoolVar(&s.syscalls, "syscalls", true, "count each echo server's system calls with strace, when it is installed")
	flags.IntVar(&s.many, "many", 50, "the `connections` of the echo with many (the figures echo50, cpu50, cores50)")
	flags.IntVar(&s.repeat, "repeat", 3, "round trips: the `runs` in each round that the median is taken of")
	out := flags.String("out", "docs/bench/results.json", "where to write the results (`file`); empty for nowhere")
	flags.Parse(os.Args[1:])
	if err := check(flags, s); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		flags.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	results, err := bench(ctx, s, os.Stderr)
	if results != nil {
		// Even when a last part failed, the figures are worth keeping.
		printTable(os.Stdout, results)
		if *out != "" {
			if err := benchjson.Write(*out, results); err != nil {
				fmt.Fprintln(os.Stderr, "bench:", err)
				os.Exit(1)
			}
			fmt.Println("written to", *out)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func check(flags *flag.FlagSet, s settings) error {
	switch {
	case flags.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", flags.Arg(0))
	case s.rounds < 1:
		return fmt.Errorf("-rounds %d: must be at least 1", s.rounds)
	case s.d <= 0:
		return fmt.Errorf("-for %s: must be above zero", s.d)
	case s.idle < 1 || s.talkers < 1 || s.messages < 1 || s.many < 1 || s.repeat < 1:
		return errors.New("-idle, -talkers, -messages, -many and -repeat must be at least 1")
	case s.delay < 0:
		return fmt.Errorf("-delay %s: must not be negative", s.delay)
	}
	if _, err := os.Stat("lessons/03-server/server.js"); err != nil {
		return errors.New("run me from the repository's root (make bench does)")
	}
	return nil
}

// bench runs every round, and gathers the figures.
func bench(ctx context.Context, s settings, progress io.Writer) (*benchjson.Results, error) {
	// Each side of a crowd is a descriptor in each process, and some
	// more for the rest.
	if err := raiseFileLimit(uint64(max(s.idle, s.talkers) + 1000)); err != nil {
		return nil, fmt.Errorf("raising the limit on open files: %w", err)
	}
	machine, err := describeMachine()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "tcpgo-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if s.bin == "" {
		s.bin = dir
		fmt.Fprintln(progress, "building the Go servers and loadgen")
		if err := build(s.bin); err != nil {
			return nil, err
		}
	}
	bin := s.bin
	if _, err := exec.LookPath("taskset"); err == nil {
		if s.cpu, err = firstCPU(); err == nil {
			s.pin = true
		}
	}

	results := &benchjson.Results{
		Date:     time.Now().UTC().Format(time.RFC3339),
		Machine:  machine,
		Rounds:   s.rounds,
		Settings: s.describe(),
	}
	// values[measure][lesson][lang] holds one value per round.
	values := map[string]map[string]map[string][]float64{}
	begin := time.Now()
	for round := range s.rounds {
		for _, r := range runs {
			for _, p := range pairs {
				if p.echo != r.echo {
					continue
				}
				// The order turns round by round: each server goes
				// first in turn, so a machine that warms up or slows
				// down favours none.
				sides, err := p.sides(bin, r.before)
				if err != nil {
					return nil, err
				}
				k := round % len(sides)
				sides = append(sides[k:], sides[:k]...)
				for _, sd := range sides {
					got, err := measureMedian(ctx, s, r, sd, dir)
					if err != nil {
						return nil, fmt.Errorf("%s, %s: %w", r.name, sd.name, err)
					}
					fmt.Fprintf(progress, "[%5.1fs] round %d/%d  %-22s %-18s %s\n",
						time.Since(begin).Seconds(), round+1, s.rounds, r.name, sd.name, describe(got))
					for m, v := range got {
						add(values, m, p.lesson, sd.lang, v)
					}
				}
			}
		}
	}
	results.Figures, err = summarise(values, s)
	if err != nil {
		return nil, err
	}

	// The figures are measured: what follows adds to them, and a
	// failure there costs only its own part.
	say := func(line string) { fmt.Fprintf(progress, "[%5.1fs] %s\n", time.Since(begin).Seconds(), line) }
	if s.syscalls {
		results.Syscalls, err = countSyscalls(ctx, s, bin, dir, say)
		if err != nil {
			say(fmt.Sprintf("no system calls counted: %v", err))
		}
	}
	if s.benchtime == "" {
		return results, nil
	}
	say(fmt.Sprintf("the testing.B benchmarks (go test -bench, -benchtime %s)", s.benchtime))
	results.Micro, err = micro(s.benchtime)
	return results, err
}

// measure starts a fresh server, so that no run inherits another's
// memory or descriptors, does the run, and stops the server.
func measure(ctx context.Context, s settings, r run, sd side, dir string) (map[string]float64, error) {
	var extra []string
	if r.extra != nil {
		extra = r.extra(s, sd)
	}
	if r.pinned && s.pin {
		sd.argv = append(pin(s), sd.argv...)
	}
	srv, err := start(sd, dir, extra...)
	if err != nil {
		return nil, err
	}
	got, err := r.do(ctx, s, srv)
	if err == nil {
		err = srv.alive()
	}
	if stopErr := srv.stop(); err == nil {
		err = stopErr
	}
	return got, err
}

// measureMedian measures s.repeat times if r is repeated (else once),
// and keeps the median of each figure.
func measureMedian(ctx context.Context, s settings, r run, sd side, dir string) (map[string]float64, error) {
	times := 1
	if r.repeated {
		times = s.repeat
	}
	runs := map[string][]float64{}
	for range times {
		got, err := measure(ctx, s, r, sd, dir)
		if err != nil {
			return nil, err
		}
		for m, v := range got {
			runs[m] = append(runs[m], v)
		}
	}
	median := map[string]float64{}
	for m, vs := range runs {
		median[m] = summary("", vs).Median
	}
	return median, nil
}

func add(values map[string]map[string]map[string][]float64, measure, lesson, lang string, v float64) {
	if values[measure] == nil {
		values[measure] = map[string]map[string][]float64{}
	}
	if values[measure][lesson] == nil {
		values[measure][lesson] = map[string][]float64{}
	}
	values[measure][lesson][lang] = append(values[measure][lesson][lang], v)
}

// summarise turns the rounds' values into figures, in the table's order.
func summarise(values map[string]map[string]map[string][]float64, s settings) ([]benchjson.Figure, error) {
	var out []benchjson.Figure
	for _, f := range figures {
		for _, p := range pairs {
			got, ok := values[f.measure][p.lesson]
			if !ok {
				continue
			}
			sides, err := p.sides("", true)
			if err != nil {
				return nil, err
			}
			fig := benchjson.Figure{
				ID: f.measure + "-" + p.lesson, Measure: f.measure, Title: f.title, Lesson: p.lesson,
				Unit: f.unit, Better: f.better, Target: f.target,
				Go:   summary(sides[0].name, got["Go"]),
				Node: summary(sides[1].name, got["Node"]),
			}
			if before, ok := got["Before"]; ok {
				b := summary(sides[2].name, before)
				fig.Before = &b
			}
			if fig.Node.Median != 0 {
				fig.Ratio = round(fig.Go.Median/fig.Node.Median, 3)
			}
			out = append(out, fig)
		}
	}
	return out, nil
}

func summary(server string, vs []float64) benchjson.Side {
	sorted := slices.Clone(vs)
	slices.Sort(sorted)
	median := sorted[len(sorted)/2]
	if len(sorted)%2 == 0 {
		median = (sorted[len(sorted)/2-1] + median) / 2
	}
	rounded := make([]float64, len(vs))
	for i, v := range vs {
		rounded[i] = round(v, 3)
	}
	return benchjson.Side{Server: server, Median: round(median, 3), Min: round(sorted[0], 3),
		Max: round(sorted[len(sorted)-1], 3), Values: rounded}
}

// round keeps digits significant digits: enough for figures that vary
// by a few percent from run to run, and a JSON file that diffs well.
func round(v float64, digits int) float64 {
	if v == 0 {
		return 0
	}
	var f float64
	fmt.Sscanf(fmt.Sprintf("%.*g", digits, v), "%g", &f)
	return f
}

func describe(got map[string]float64) string {
	var parts []string
	for _, f := range figures {
		if v, ok := got[f.measure]; ok {
			parts = append(parts, fmt.Sprintf("%s %.3g %s", f.measure, v, f.unit))
		}
	}
	return strings.Join(parts, ", ")
}

func (s settings) describe() map[string]string {
	return map[string]string{
		"echo":         fmt.Sprintf("%s of lines of 1 to 1,000 bytes, at most 256 KiB in flight on each connection, every byte checked", s.d),
		"rtt":          fmt.Sprintf("64-byte lines, one at a time, for %s, after 200 not counted, from loadgen, the median of %d such runs in each round; once as the system places the two, once both on one CPU%s", s.d/4, s.repeat, pinned(s.pin)),
		"idle":         fmt.Sprintf("%d connections held, greeted and silent", s.idle),
		"conversation": fmt.Sprintf("%d talkers at once, %d messages each, each reply due %s after its message", s.talkers, s.messages, s.delay),
	}
}

func pinned(pin bool) string {
	if pin {
		return ""
	}
	return " (not done: taskset is not installed)"
}

// describeMachine says where the figures were taken.
func describeMachine() (benchjson.Machine, error) {
	node, err := exec.Command("node", "--version").Output()
	if err != nil {
		return benchjson.Machine{}, fmt.Errorf("node --version: %v (the Node twins need Node.js on PATH)", err)
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return benchjson.Machine{
		Cores:  runtime.NumCPU(),
		CPU:    cpuModel(),
		Kernel: strings.TrimSpace(string(kernel)),
		Go:     runtime.Version(),
		Node:   strings.TrimSpace(string(node)),
		OS:     runtime.GOOS + "/" + runtime.GOARCH,
	}, nil
}

func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for line := range strings.Lines(string(data)) {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}

// printTable writes the figures with their ratios, and whether each
// reaches its target.
func printTable(w io.Writer, r *benchjson.Results) {
	fmt.Fprintf(w, "%d cores (%s), Linux %s, %s, Node %s; %d rounds, median (min-max)\n\n",
		r.Machine.Cores, r.Machine.CPU, r.Machine.Kernel, r.Machine.Go, r.Machine.Node, r.Rounds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tlesson\tGo\tNode\tGo/Node\ttarget\t")
	for _, f := range r.Figures {
		target := ""
		if f.Target != 0 {
			sign, verdict := "≥", "met"
			if f.Better == "lower" {
				sign = "≤"
			}
			if !f.Met() {
				verdict = "MISSED"
			}
			target = fmt.Sprintf("%s %.2g %s", sign, f.Target, verdict)
		}
		fmt.Fprintf(tw, "%s (%s)\t%s\t%s\t%s\t%.2f\t%s\t\n", f.Title, f.Unit, f.Lesson,
			sideText(f.Go), sideText(f.Node), f.Ratio, target)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, f := range r.Figures {
		if f.Before != nil {
			fmt.Fprintf(w, "%s (%s), %s: %s before, %s after\n", f.Title, f.Unit, f.Before.Server, sideText(*f.Before), sideText(f.Go))
		}
	}
	fmt.Fprintln(w)
	for _, c := range r.Syscalls {
		fmt.Fprintf(w, "system calls of %s, %s: %s\n", c.Server, c.Test, describeCalls(c))
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "testing.B\tMB/s\tns/op\tallocs/op\t")
	for _, m := range r.Micro {
		fmt.Fprintf(tw, "%s %s\t%.4g\t%.4g\t%g\t\n", strings.TrimPrefix(m.Package, "tcpgo/lessons/"), m.Name, m.MBps, m.NsPerOp, m.AllocsPerOp)
	}
	tw.Flush()
}

func sideText(s benchjson.Side) string {
	return fmt.Sprintf("%.4g (%.3g-%.3g)", s.Median, s.Min, s.Max)
}
