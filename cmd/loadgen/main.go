// Command loadgen drives one of the lessons' servers, Go or Node, by
// address, checks every byte it gets back, and says how it went. While it
// runs, a progress line shows what has been done so far.
//
//	loadgen -addr 127.0.0.1:8124                       echo for 5s on 1 connection
//	loadgen -addr 127.0.0.1:8124 -conns 50             the same on 50 connections
//	loadgen -addr 127.0.0.1:8128 -test rtt             round trips of 64-byte lines
//	loadgen -addr 127.0.0.1:8124 -test idle -conns 5000 -for 10s
//	loadgen -addr 127.0.0.1:7788 -test talk -conns 1000 -delay 2s
//	loadgen -addr 127.0.0.1:7788 -test idle -greeting=false
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"tcpgo/internal/load"
)

type options struct {
	addr     string
	test     string
	conns    int
	d        time.Duration
	size     int
	delay    time.Duration
	messages int
	greets   bool
	json     bool
}

func main() {
	var o options
	flags := flag.NewFlagSet("loadgen", flag.ExitOnError)
	flags.StringVar(&o.addr, "addr", "", "the server's `address`: host:port or unix:/path")
	flags.StringVar(&o.test, "test", "echo", "what to do: echo (stream lines, check the echo), rtt (one line at a time, time each round trip), idle (hold connections open), talk (the conversation: message, reply after -delay)")
	flags.IntVar(&o.conns, "conns", 0, "how many `connections` (default: 1 for echo and rtt, 1000 for idle and talk)")
	flags.DurationVar(&o.d, "for", 5*time.Second, "how long to stream (echo), time round trips (rtt) or hold (idle)")
	flags.IntVar(&o.size, "size", 64, "rtt: the `bytes` of each line, its \"\\n\" included")
	flags.DurationVar(&o.delay, "delay", 2*time.Second, "talk: the server's -delay, which each reply is due after")
	flags.IntVar(&o.messages, "messages", 3, "talk: messages each talker sends, one after each reply")
	flags.BoolVar(&o.greets, "greeting", true, "idle: wait for each connection's greeting (-greeting=false for the talk server, which sends none)")
	flags.BoolVar(&o.json, "json", false, "print the result as JSON, for a program to read")
	flags.Parse(os.Args[1:])
	if err := o.check(flags); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		flags.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	report, result, err := run(ctx, o, newProgress(os.Stderr))
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", reason(err))
		os.Exit(1)
	}
	if o.json {
		data, _ := json.Marshal(result)
		report = string(data)
	}
	fmt.Println(report)
}

func (o *options) check(flags *flag.FlagSet) error {
	switch {
	case flags.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", flags.Arg(0))
	case o.addr == "":
		return errors.New("-addr is needed: the address of the server to drive, as in -addr 127.0.0.1:8124")
	case !slices.Contains([]string{"echo", "rtt", "idle", "talk"}, o.test):
		return fmt.Errorf("-test %q is not one of echo, rtt, idle, talk", o.test)
	case o.conns < 0:
		return fmt.Errorf("-conns %d: must be at least 1", o.conns)
	case o.d <= 0:
		return fmt.Errorf("-for %s: must be above zero", o.d)
	case o.size < 2:
		return fmt.Errorf("-size %d: a line needs at least 2 bytes", o.size)
	case o.delay < 0:
		return fmt.Errorf("-delay %s: must not be negative", o.delay)
	case o.messages < 1:
		return fmt.Errorf("-messages %d: must be at least 1", o.messages)
	}
	if o.conns == 0 {
		o.conns = 1
		if o.test == "idle" || o.test == "talk" {
			o.conns = 1000
		}
	}
	if o.test == "rtt" && o.conns != 1 {
		return errors.New("-test rtt times one connection: leave -conns out")
	}
	return nil
}

// run does the test, and returns the line that sums it up, and the
// result itself (for -json).
func run(ctx context.Context, o options, p *progress) (string, any, error) {
	var done load.Counter
	switch o.test {
	case "echo":
		defer p.show(&done, "echoed", bytesText)()
		r, err := load.Echo(ctx, o.addr, o.conns, o.d, &done)
		return fmt.Sprintf("echo: %d connection(s), %s echoed and checked in %s: %.1f MB/s",
			r.Conns, bytesText(r.Bytes), r.Elapsed.Round(time.Millisecond), r.MBps()), r, err
	case "rtt":
		defer p.show(&done, "round trips", countText)()
		r, err := load.RTT(ctx, o.addr, o.size, o.d, &done)
		return fmt.Sprintf("rtt: %d round trips of %d bytes: p50 %s, p99 %s", r.Trips, o.size, micros(r.P50), micros(r.P99)), r, err
	case "idle":
		return hold(ctx, o, p, &done)
	default:
		defer p.show(&done, "replies", countText)()
		r, err := load.Talk(ctx, o.addr, o.conns, o.messages, o.delay, nil, &done)
		return fmt.Sprintf("talk: %d talkers, %d replies, each due %s after its message: late by p50 %s, p99 %s",
			r.Talkers, r.Replies, o.delay, millis(r.P50), millis(r.P99)), r, err
	}
}

// hold opens the crowd and keeps it for -for, or until Ctrl-C.
func hold(ctx context.Context, o options, p *progress, done *load.Counter) (string, any, error) {
	hide := p.show(done, "connections open", countText)
	start := time.Now()
	greeting := load.Greeting
	if !o.greets {
		greeting = ""
	}
	h, err := load.Hold(ctx, o.addr, greeting, o.conns, nil, done)
	hide()
	if err != nil {
		return "", nil, err
	}
	defer h.Close()
	opened := time.Since(start)
	fmt.Fprintf(os.Stderr, "holding %d idle connections (opened in %s) for %s\n", h.Len(), opened.Round(time.Millisecond), o.d)
	select {
	case <-ctx.Done():
	case <-time.After(o.d):
	}
	return fmt.Sprintf("idle: held %d connections, opened in %s", h.Len(), opened.Round(time.Millisecond)),
		map[string]any{"conns": h.Len(), "opened_ns": opened}, nil
}

// reason words an error for a person: the cause the system gave, such as
// "connection refused", with what we were doing when it came.
func reason(err error) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return fmt.Sprintf("cannot connect to %s: %s", opErr.Addr, syscallText(opErr.Err))
	}
	if errors.Is(err, io.EOF) {
		return strings.TrimSuffix(err.Error(), "EOF") + "the server closed the connection"
	}
	return err.Error()
}

func syscallText(err error) string {
	var sysErr *os.SyscallError
	if errors.As(err, &sysErr) {
		return sysErr.Err.Error()
	}
	return err.Error()
}

// progress writes a line on stderr that updates while a test runs: in
// place on a terminal, once a second otherwise (a log keeps every line).
type progress struct {
	w        io.Writer
	terminal bool
}

func newProgress(f *os.File) *progress {
	return &progress{w: f, terminal: term.IsTerminal(int(f.Fd()))}
}

// show starts the progress line for c, and returns what stops it.
func (p *progress) show(c *load.Counter, what string, text func(int64) string) func() {
	every := time.Second
	if p.terminal {
		every = 200 * time.Millisecond
	}
	start := time.Now()
	ticker := time.NewTicker(every)
	stopped := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-stopped:
				if p.terminal {
					fmt.Fprint(p.w, "\r\033[K") // clear the line for the result
				}
				return
			case <-ticker.C:
				line := fmt.Sprintf("%5.1fs  %s %s", time.Since(start).Seconds(), text(c.Load()), what)
				if p.terminal {
					fmt.Fprint(p.w, "\r\033[K"+line)
				} else {
					fmt.Fprintln(p.w, line)
				}
			}
		}
	}()
	return func() {
		ticker.Stop()
		close(stopped)
		<-finished
	}
}

func bytesText(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%d bytes", n)
}

func countText(n int64) string { return fmt.Sprint(n) }

func micros(d time.Duration) string { return fmt.Sprintf("%.0fµs", float64(d)/1e3) }

func millis(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/1e6) }
