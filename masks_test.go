package tcpgo

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// The output of a step can hold what changes from run to run: ports, and
// in a race report, addresses and goroutine numbers. These commands write
// a file with those masked, for cmp to compare with a golden file. One
// shows what a page cannot: a carriage return.
//
//	hideports FILE OUT    OUT is FILE with the port of each IPv4 address, and
//	                      of localhost, shown as ‹port›
//	uniqlines [-c] FILE OUT  OUT is FILE with each line once, where it
//	                      first comes: an error logged again and again shows
//	                      once; with -c, after the times it came ("3 × ")
//	racereport FILE OUT   OUT is the first race report in FILE, its
//	                      addresses, goroutine numbers and paths masked
//	showcr FILE OUT       OUT is FILE with each carriage return written \r

func cmdShowCR(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: showcr FILE OUT")
	}
	shown := strings.ReplaceAll(ts.ReadFile(args[0]), "\r", `\r`)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(shown), 0o644))
}

var ipPort = regexp.MustCompile(`(\d+\.\d+\.\d+\.\d+|localhost):\d+`)

func cmdHidePorts(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: hideports FILE OUT")
	}
	masked := ipPort.ReplaceAllString(ts.ReadFile(args[0]), "$1:‹port›")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(masked), 0o644))
}

var (
	raceAddr      = regexp.MustCompile(`at 0x[0-9a-f]+ by`)
	raceGoroutine = regexp.MustCompile(`goroutine \d+`)
	raceFrame     = regexp.MustCompile(`^\s+\S*/(lessons/[^ ]+\.go:\d+)( \+0x[0-9a-f]+)?$`)
)

func cmdUniqLines(ts *testscript.TestScript, neg bool, args []string) {
	count := len(args) == 3 && args[0] == "-c"
	if count {
		args = args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: uniqlines [-c] FILE OUT")
	}
	var order []string
	seen := map[string]int{}
	for _, line := range strings.SplitAfter(ts.ReadFile(args[0]), "\n") {
		if line != "" && seen[line] == 0 {
			order = append(order, line)
		}
		seen[line]++
	}
	var out strings.Builder
	for _, line := range order {
		if count {
			fmt.Fprintf(&out, "%d × ", seen[line])
		}
		out.WriteString(line)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out.String()), 0o644))
}

func cmdRaceReport(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: racereport FILE OUT")
	}
	text := ts.ReadFile(args[0])
	const rule = "=================="
	_, report, ok := strings.Cut(text, rule+"\nWARNING: DATA RACE\n")
	if !ok {
		ts.Fatalf("%s holds no race report", args[0])
	}
	report, _, _ = strings.Cut(report, rule)
	var out strings.Builder
	out.WriteString("WARNING: DATA RACE\n")
	keep := false
	for _, line := range strings.Split(strings.TrimSuffix(report, "\n"), "\n") {
		line = raceAddr.ReplaceAllString(line, "at 0x… by")
		line = raceGoroutine.ReplaceAllString(line, "goroutine …")
		switch {
		case line == "":
			keep = false // a blank line ends a section; the next one says whether it counts
			out.WriteString("\n")
		case !strings.HasPrefix(line, " "):
			// A heading: "Write at ... by goroutine ...:". Keep the two
			// accesses; the stacks of where goroutines started vary more.
			keep = strings.HasPrefix(line, "Write at") || strings.HasPrefix(line, "Read at") || strings.HasPrefix(line, "Previous ")
			if keep {
				out.WriteString(line + "\n")
			}
		case keep:
			if m := raceFrame.FindStringSubmatch(line); m != nil {
				out.WriteString("      …/" + m[1] + "\n")
			} else {
				out.WriteString(line + "\n")
			}
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(strings.TrimRight(out.String(), "\n")+"\n"), 0o644))
}
