package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"tcpgo/internal/load"
)

// settings are the sizes of one make bench run.
type settings struct {
	rounds   int
	d        time.Duration // each echo and round-trip run
	idle     int           // connections held idle
	talkers  int
	messages int // each talker's, one after each reply
	delay    time.Duration
	// benchtime is go test's -benchtime for the testing.B benchmarks,
	// "" to leave them out.
	benchtime string
	// bin, if not "", holds the Go servers and loadgen, built already.
	bin string
	// pin runs the round trips with the server and the load generator
	// both on one CPU, cpu (taskset), when taskset is there.
	pin bool
	cpu int
	// syscalls counts the system calls with strace.
	syscalls bool
	// many is the connections of the echo with many (50: echo50).
	many int
	// repeat is how many runs of round trips a round takes the median of.
	repeat int
}

// A figure is one number a run measures, for the table and the JSON.
type figure struct {
	measure string
	title   string
	unit    string
	better  string  // "higher", "lower", or "" for neither
	target  float64 // the Go/Node ratio aimed at; 0 for none
}

var figures = []figure{
	{"echo1", "echo throughput, 1 connection", "MB/s", "higher", 1.2},
	{"echo50", "echo throughput, 50 connections", "MB/s", "higher", 1.5},
	{"cores50", "cores busy, 50 connections", "cores", "", 0},
	{"rtt50", "round trip p50, 64-byte lines", "µs", "lower", 0.8},
	{"rtt99", "round trip p99, 64-byte lines", "µs", "lower", 0},
	{"rttcpu", "server CPU per round trip", "µs", "lower", 0},
	{"rtt50core", "round trip p50, server and client on one core", "µs", "lower", 0},
	{"idlemem", "memory per idle connection", "KiB", "lower", 0.8},
	{"idlefds", "descriptors per idle connection", "fds", "lower", 1.0},
	{"usedmem", "memory per idle connection that has sent a line", "KiB", "lower", 0},
	{"talkmem", "peak memory, conversation", "MiB", "lower", 0},
	{"late50", "reply lateness p50, conversation", "ms", "lower", 0},
	{"late99", "reply lateness p99, conversation", "ms", "lower", 1.0},
	{"cpu1", "CPU per GB echoed, 1 connection", "s/GB", "lower", 0},
	{"cpu50", "CPU per GB echoed, 50 connections", "s/GB", "lower", 0},
}

// A run measures one server in one way, and gives figures by measure.
type run struct {
	name   string // what the progress line says
	echo   bool   // for echo servers; else for the conversation
	before bool   // measures the Go server before its change too
	pinned bool   // the server runs on one CPU (see settings.pin)
	// repeated runs are measured settings.repeat times in each round, a
	// fresh server each time, and keep the median: one run's round trips
	// are quick or slow by where the system placed the two processes.
	repeated bool
	extra    func(s settings, sd side) []string
	do       func(ctx context.Context, s settings, srv *server) (map[string]float64, error)
}

var runs = []run{
	{name: "echo, 1 connection", echo: true, before: true, do: echoRun("echo1", "cpu1", 1)},
	{name: "echo, 50 connections", echo: true, before: true, do: echoRun("echo50", "cpu50", 0)},
	{name: "round trips", echo: true, before: true, repeated: true, do: rttRun(false)},
	{name: "round trips, one core", echo: true, before: true, pinned: true, repeated: true, do: rttRun(true)},
	{name: "idle connections", echo: true, before: true, extra: maxConns, do: idleRun(load.Greeting)},
	{name: "idle connections", echo: false, do: idleRun("")},
	{name: "conversation", echo: false, extra: talkDelay, do: talkRun},
}

// maxConns lifts robust-server's limit (100 by default) above the crowd;
// the other servers have none and ignore nothing: they get no flag.
func maxConns(s settings, sd side) []string {
	if strings.HasPrefix(sd.name, "robust-server") {
		return []string{"-max-conns", fmt.Sprint(s.idle + 100)}
	}
	return nil
}

func talkDelay(s settings, sd side) []string {
	return []string{"-delay", sd.delay(s.delay)}
}

// echoRun streams lines for s.d over conns connections (0: s.many), and
// takes the CPU time the server spent on them.
func echoRun(rate, cpu string, conns int) func(context.Context, settings, *server) (map[string]float64, error) {
	return func(ctx context.Context, s settings, srv *server) (map[string]float64, error) {
		n := conns
		if n == 0 {
			n = s.many
		}
		before, err := srv.cpu()
		if err != nil {
			return nil, err
		}
		r, err := load.Echo(ctx, srv.addr, n, s.d, nil)
		if err != nil {
			return nil, err
		}
		after, err := srv.cpu()
		if err != nil {
			return nil, err
		}
		used := (after - before).Seconds()
		got := map[string]float64{
			rate: r.MBps(),
			cpu:  used / (float64(r.Bytes) / 1e9),
		}
		if n > 1 {
			// CPU seconds a second: how many cores the server kept busy.
			got["cores50"] = used / r.Elapsed.Seconds()
		}
		return got, nil
	}
}

// rttRun times round trips from a process of its own, loadgen, for a
// quarter of s.d. Left to the scheduler, the server and loadgen may run on one
// core or on two; pinned, both run on one CPU (taskset), taking turns.
func rttRun(pinned bool) func(context.Context, settings, *server) (map[string]float64, error) {
	return func(ctx context.Context, s settings, srv *server) (map[string]float64, error) {
		if pinned && !s.pin {
			return nil, nil // no taskset: no figure
		}
		args := []string{filepath.Join(s.bin, "loadgen"), "-addr", srv.addr, "-test", "rtt", "-for", (s.d / 4).String(), "-json"}
		if pinned {
			args = append(pin(s), args...)
		}
		before, err := srv.cpu()
		if err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("loadgen: %v: %s", err, firstLine(stderr.String()))
		}
		after, err := srv.cpu()
		if err != nil {
			return nil, err
		}
		var r load.RTTResult
		if err := json.Unmarshal(out, &r); err != nil {
			return nil, fmt.Errorf("loadgen printed %q: %w", out, err)
		}
		if pinned {
			return map[string]float64{"rtt50core": micros(r.P50)}, nil
		}
		return map[string]float64{
			"rtt50":  micros(r.P50),
			"rtt99":  micros(r.P99),
			"rttcpu": micros(after-before) / float64(r.Trips+200), // the warm-up's too
		}, nil
	}
}

// idleRun holds s.idle connections open, and compares the server's
// memory and descriptors with what it had before the first.
func idleRun(greeting string) func(context.Context, settings, *server) (map[string]float64, error) {
	return func(ctx context.Context, s settings, srv *server) (map[string]float64, error) {
		rss0, _, err := srv.rss()
		if err != nil {
			return nil, err
		}
		fds0, err := srv.fds()
		if err != nil {
			return nil, err
		}
		held, err := load.Hold(ctx, srv.addr, greeting, s.idle, srv.accepted(fds0), nil)
		if err != nil {
			return nil, err
		}
		defer held.Close()
		fds1, err := srv.fds()
		if err != nil {
			return nil, err
		}
		rss1, _, err := srv.rss()
		if err != nil {
			return nil, err
		}
		n := float64(s.idle)
		got := map[string]float64{
			"idlemem": float64(rss1-rss0) / 1024 / n,
			"idlefds": float64(fds1-fds0) / n,
		}
		if greeting == "" {
			return got, nil // the talk server's replies are another test
		}
		// Then each client sends a line, reads its echo, and is silent
		// again: what a connection costs once its buffers have been
		// used.
		if err := held.EchoOnce(); err != nil {
			return nil, err
		}
		rss2, _, err := srv.rss()
		if err != nil {
			return nil, err
		}
		got["usedmem"] = float64(rss2-rss0) / 1024 / n
		return got, nil
	}
}

// talkRun has s.talkers talk at once, and takes how late the replies
// came and the most memory the server used meanwhile.
func talkRun(ctx context.Context, s settings, srv *server) (map[string]float64, error) {
	fds0, err := srv.fds()
	if err != nil {
		return nil, err
	}
	r, err := load.Talk(ctx, srv.addr, s.talkers, s.messages, s.delay, srv.accepted(fds0), nil)
	if err != nil {
		return nil, err
	}
	_, peak, err := srv.rss()
	if err != nil {
		return nil, err
	}
	return map[string]float64{
		"talkmem": float64(peak) / (1 << 20),
		"late50":  millis(r.P50),
		"late99":  millis(r.P99),
	}, nil
}

func micros(d time.Duration) float64 { return float64(d) / 1e3 }
func millis(d time.Duration) float64 { return float64(d) / 1e6 }

// pin is the command that runs another on the CPU of the round trips.
func pin(s settings) []string {
	return []string{"taskset", "-c", strconv.Itoa(s.cpu)}
}
