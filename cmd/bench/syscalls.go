package main

import (
	"bufio"
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

	"tcpgo/internal/benchjson"
	"tcpgo/internal/load"
)

// countSyscalls has strace count each echo server's system calls, a
// round-trip run and an echo run each, not timed (strace slows every
// call). It returns nothing when strace is not installed.
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
		for _, sd := range p.sides(bin, false) {
			for _, test := range []string{"rtt", "echo1"} {
				counted, err := traced(ctx, s, sd, dir, test)
				if err != nil {
					return nil, fmt.Errorf("counting the system calls of %s: %w", sd.name, err)
				}
				counted.Lesson = p.lesson
				out = append(out, counted)
				progress(fmt.Sprintf("system calls of %s, %s: %s", sd.name, test, describeCalls(counted)))
			}
		}
	}
	return out, nil
}

// traced runs one test against a fresh server with strace attached.
func traced(ctx context.Context, s settings, sd side, dir, test string) (benchjson.Syscalls, error) {
	counted := benchjson.Syscalls{Server: sd.name, Lang: sd.lang, Test: test}
	srv, err := start(sd, dir)
	if err != nil {
		return counted, err
	}
	defer srv.stop()
	out := filepath.Join(dir, "strace.txt")
	strace := exec.Command("strace", "-f", "-c", "-o", out, "-p", strconv.Itoa(srv.pid()))
	attached, err := stderrLines(strace)
	if err != nil {
		return counted, err
	}
	if err := strace.Start(); err != nil {
		return counted, err
	}
	// strace says when it has attached to each thread; the first line
	// names the process, once it is traced.
	if line, ok := <-attached; !ok || !strings.Contains(line, "attached") {
		strace.Wait()
		return counted, fmt.Errorf("strace did not attach: %q", line)
	}
	go func() {
		for range attached {
		}
	}()

	var units float64
	switch test {
	case "rtt":
		r, err := load.RTT(ctx, srv.addr, 64, s.d/2, nil)
		if err != nil {
			return counted, err
		}
		units, counted.Per = float64(r.Trips+200), "round trip" // the warm-up is traced too
	default:
		r, err := load.Echo(ctx, srv.addr, 1, s.d/2, nil)
		if err != nil {
			return counted, err
		}
		units, counted.Per = float64(r.Bytes)/1e6, "MB"
	}
	// On SIGINT strace detaches, writes the counts, and dies of the
	// signal itself: its exit status says nothing; its file does.
	strace.Process.Signal(os.Interrupt)
	strace.Wait()
	data, err := os.ReadFile(out)
	if err != nil {
		return counted, fmt.Errorf("strace wrote no counts: %w", err)
	}
	counted.Calls, counted.Failed = parseStrace(data, units)
	return counted, nil
}

func stderrLines(cmd *exec.Cmd) (<-chan string, error) {
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		scanner := bufio.NewScanner(pipe)
		for scanner.Scan() {
			lines <- scanner.Text()
		}
	}()
	return lines, nil
}

// parseStrace reads strace -c's table, per unit of work; calls made
// less than once in ten units (the start, the end) are left out.
//
//	% time     seconds  usecs/call     calls    errors syscall
//	 71.43    1.505260        1363      1104       320 futex
func parseStrace(data []byte, units float64) (calls, failed map[string]float64) {
	calls, failed = map[string]float64{}, map[string]float64{}
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		if len(f) < 5 || f[len(f)-1] == "total" || f[len(f)-1] == "syscall" {
			continue
		}
		n, err := strconv.Atoi(f[3])
		if err != nil {
			continue
		}
		errs := 0
		if len(f) == 6 {
			errs, _ = strconv.Atoi(f[4])
		}
		name := f[len(f)-1]
		if per := float64(n) / units; per >= 0.1 {
			calls[name] = roundTo(per, 2)
			if errs > 0 {
				failed[name] = roundTo(float64(errs)/units, 2)
			}
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
