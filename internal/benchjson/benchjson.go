// Package benchjson is the shape of docs/bench/results.json: what make
// bench measured, Go against Node, and on what machine. The bench command
// writes it; the site draws its charts and tables from it, once Validate
// has found nothing in it that would make them untrue.
package benchjson

import (
	"encoding/json"
	"fmt"
	"os"
)

// Results is one run of make bench.
type Results struct {
	// Date is when the run started, in RFC 3339 (UTC).
	Date    string  `json:"date"`
	Machine Machine `json:"machine"`
	// Rounds is how many times each figure was measured; Median and
	// Spread summarise the rounds.
	Rounds   int               `json:"rounds"`
	Settings map[string]string `json:"settings"`
	// Figures in the order the table shows them.
	Figures []Figure `json:"figures"`
	// Syscalls are the system calls each echo server made, counted by
	// strace -c on a run of their own (not timed), when strace was there.
	Syscalls []Syscalls `json:"syscalls,omitempty"`
	// Micro are the testing.B benchmarks of the lessons' parts that run
	// in one process (the copy loop, the framing), from the same run.
	Micro []Micro `json:"micro,omitempty"`
}

// Syscalls is one server's system calls in one test, per unit of work.
type Syscalls struct {
	Lesson string `json:"lesson"`
	Server string `json:"server"`
	Lang   string `json:"lang"` // "Go" or "Node"
	// Test is "rtt" (per round trip of a 64-byte line) or "echo1" (per
	// MB echoed on one connection).
	Test string `json:"test"`
	Per  string `json:"per"` // "round trip", "MB"
	// Calls and Failed are per unit, by system call: a read that found
	// nothing to read (EAGAIN) is a call that failed.
	Calls  map[string]float64 `json:"calls"`
	Failed map[string]float64 `json:"failed,omitempty"`
}

// Micro is one testing.B benchmark's result.
type Micro struct {
	// Package is the lesson's package: "tcpgo/lessons/03-server".
	Package string `json:"package"`
	// Name is the benchmark, without "Benchmark" and the -N suffix:
	// "Echo/lesson-32KiB".
	Name        string  `json:"name"`
	NsPerOp     float64 `json:"ns_per_op"`
	MBps        float64 `json:"mb_per_s,omitempty"`
	BytesPerOp  float64 `json:"bytes_per_op"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	// Metrics are the benchmark's own figures, by unit: "lines/op".
	Metrics map[string]float64 `json:"metrics,omitempty"`
}

// Machine says where the figures were taken.
type Machine struct {
	Cores  int    `json:"cores"`
	CPU    string `json:"cpu"`
	Kernel string `json:"kernel"`
	Go     string `json:"go"`
	Node   string `json:"node"`
	OS     string `json:"os"`
}

// Figure is one measure of one pair of servers, Go's and Node's.
type Figure struct {
	// ID names the figure for charts and links: "echo1-lesson3".
	ID string `json:"id"`
	// Measure groups the figures a chart shows together: "echo1",
	// "echo50", "rtt50", "rtt99", "idlemem", "idlefds", "talkmem",
	// "late50", "late99", "cpu1", "cpu50".
	Measure string `json:"measure"`
	// Title is the measure in words: "echo throughput, 1 connection".
	Title string `json:"title"`
	// Lesson is the lesson whose servers were measured: "03-server".
	Lesson string `json:"lesson"`
	// Unit of the values: "MB/s", "µs", "KB", "fds", "ms", "MB", "s/GB".
	Unit string `json:"unit"`
	// Better is "higher" or "lower".
	Better string `json:"better"`
	Go     Side   `json:"go"`
	Node   Side   `json:"node"`
	// Before, when there is one, is the Go server as it was before a
	// change that this figure shows the effect of, measured in the same
	// run: "robust-server, step 5".
	Before *Side `json:"before,omitempty"`
	// Ratio is Go's median over Node's.
	Ratio float64 `json:"ratio"`
	// Target, when there is one, is the ratio aimed at: at least it when
	// Better is "higher", at most it when "lower".
	Target float64 `json:"target,omitempty"`
}

// Side is one server's figures over the rounds.
type Side struct {
	// Server is the program measured: "tcp-server", "server.js".
	Server string    `json:"server"`
	Median float64   `json:"median"`
	Min    float64   `json:"min"`
	Max    float64   `json:"max"`
	Values []float64 `json:"values"`
}

// Met says whether the figure's ratio reaches its target (true when it
// has none).
func (f Figure) Met() bool {
	switch {
	case f.Target == 0:
		return true
	case f.Better == "higher":
		return f.Ratio >= f.Target
	default:
		return f.Ratio <= f.Target
	}
}

// Read loads a results file.
func Read(path string) (*Results, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// Write saves a results file, indented so that a diff of two runs reads.
func Write(path string, r *Results) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
