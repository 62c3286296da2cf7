package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"tcpgo/internal/benchjson"
	"tcpgo/internal/load"
)

// countSyscalls has strace count each echo server's system calls, a
// round-trip run and an echo run each, not timed (strace slows every
// call). A run with no load at all, the server started and stopped, is
// counted too and taken off the others: what is left is the calls the
// work cost. It returns nothing when strace is not installed.
func countSyscalls(ctx context.Context, s settings, bin, dir string, progress func(string)) ([]benchjson.Syscalls, error) {
	if _, err := exec.LookPath("strace"); err != nil {
		progress("strace is not installed: no system calls counted")
		return nil, nil
	}
	var out []benchjson.Syscalls
	for _, p := range pairs {
		if !p.echo {
			continue
		}
		sides, err := p.sides(bin, false)
		if err != nil {
			return nil, err
		}
		for _, sd := range sides {
			base, _, err := traced(ctx, s, sd, dir, "")
			if err != nil {
				return nil, fmt.Errorf("counting the system calls of %s: %w", sd.name, err)
			}
			for _, test := range []string{"rtt", "echo1"} {
				counts, per, err := traced(ctx, s, sd, dir, test)
				if err != nil {
					return nil, fmt.Errorf("counting the system calls of %s: %w", sd.name, err)
				}
				c := benchjson.Syscalls{Lesson: p.lesson, Server: sd.name, Lang: sd.lang, Test: test, Per: per.name}
				c.Calls, c.Failed = perUnit(counts, base, per.units)
				out = append(out, c)
				progress(fmt.Sprintf("system calls of %s, %s: %s", sd.name, test, describeCalls(c)))
			}
		}
	}
	return out, nil
}

// straceCounts are strace -c's counts: calls, and calls that failed, by
// system call.
type straceCounts struct{ calls, failed map[string]int }

// unit is what a test's counts are divided by.
type unit struct {
	name  string // "round trip", "MB"
	units float64
}

// traced runs one test ("" for none) against a fresh server started
// by strace. (strace is its parent: attaching to a process that is not
// its child is something many systems forbid.)
func traced(ctx context.Context, s settings, sd side, dir, test string) (straceCounts, unit, error) {
	var u unit
	out := filepath.Join(dir, "strace.txt")
	os.Remove(out)
	under := sd
	under.argv = append([]string{"strace", "-f", "-c", "-o", out, "--"}, sd.argv...)
	srv, err := start(under, dir)
	if err != nil {
		return straceCounts{}, u, err
	}
	server, err := childOf(srv.pid())
	if err != nil {
		srv.kill()
		<-srv.exited
		return straceCounts{}, u, err
	}

	switch test {
	case "rtt":
		var r load.RTTResult
		if r, err = load.RTT(ctx, srv.addr, 64, s.d/2, nil); err == nil {
			u = unit{"round trip", float64(r.Trips + 200)} // the warm-up is traced too
		}
	case "echo1":
		var r load.EchoResult
		if r, err = load.Echo(ctx, srv.addr, 1, s.d/2, nil); err == nil {
			u = unit{"MB", float64(r.Bytes) / 1e6}
		}
	}
	// The server stops on SIGINT; strace then writes its counts and
	// exits.
	syscall.Kill(server, syscall.SIGINT)
	if stopErr := srv.wait(); err == nil {
		err = stopErr
	}
	if err != nil {
		return straceCounts{}, u, err
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return straceCounts{}, u, fmt.Errorf("strace wrote no counts: %w", err)
	}
	return parseStrace(data), u, nil
}

// childOf is the process that strace, pid, started.
func childOf(pid int) (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return 0, err
	}
	fields := strings.Fields(string(data))
	if len(fields) != 1 {
		return 0, fmt.Errorf("strace has %d children, not 1", len(fields))
	}
	return strconv.Atoi(fields[0])
}

// parseStrace reads strace -c's table:
//
//	% time     seconds  usecs/call     calls    errors syscall
//	 71.43    1.505260        1363      1104       320 futex
func parseStrace(data []byte) straceCounts {
	c := straceCounts{calls: map[string]int{}, failed: map[string]int{}}
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		if len(f) < 5 || f[len(f)-1] == "total" || f[len(f)-1] == "syscall" {
			continue
		}
		n, err := strconv.Atoi(f[3])
		if err != nil {
			continue
		}
		name := f[len(f)-1]
		c.calls[name] = n
		if len(f) == 6 {
			c.failed[name], _ = strconv.Atoi(f[4])
		}
	}
	return c
}

// perUnit is what the work cost, per unit: the counts of a run less those
// of the run with no load. Calls made less than once in ten units are
// left out.
func perUnit(run, base straceCounts, units float64) (calls, failed map[string]float64) {
	calls, failed = map[string]float64{}, map[string]float64{}
	for name, n := range run.calls {
		per := float64(n-base.calls[name]) / units
		if per < 0.1 {
			continue
		}
		calls[name] = roundTo(per, 2)
		if f := float64(run.failed[name]-base.failed[name]) / units; f >= 0.01 {
			failed[name] = roundTo(f, 2)
		}
	}
	return calls, failed
}

func roundTo(v float64, decimals int) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', decimals, 64), 64)
	return f
}

func describeCalls(c benchjson.Syscalls) string {
	var b bytes.Buffer
	for _, name := range sortedCalls(c.Calls) {
		fmt.Fprintf(&b, "%s %.2f, ", name, c.Calls[name])
	}
	return strings.TrimSuffix(b.String(), ", ") + " per " + c.Per
}

// sortedCalls lists the calls made most first.
func sortedCalls(calls map[string]float64) []string {
	names := slices.Collect(maps.Keys(calls))
	slices.SortFunc(names, func(a, b string) int {
		if c := cmp.Compare(calls[b], calls[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return names
}
