// Command tour runs lessons 1 to 4 in order, as real processes on loopback,
// and prints what each process says in its own labelled column, in the order
// it was said. `make tour` builds the lessons and runs it.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// column is the width of the left (server) column.
const column = 46

func main() {
	flags := flag.NewFlagSet("tour", flag.ExitOnError)
	bin := flags.String("bin", "bin", "`directory` holding the lesson binaries (make build)")
	delay := flags.Duration("delay", time.Second, "talk-server's reply delay in lesson 4")
	count := flags.Int("count", 5, "talk-client's number of replies in lesson 4")
	pause := flags.Duration("pause", 2*time.Second, "pause before each lesson, to read the one before")
	flags.Parse(os.Args[1:])
	if flags.NArg() > 0 {
		flags.Usage()
		os.Exit(2)
	}
	t := &tour{bin: *bin, out: os.Stdout, pause: *pause}
	if err := t.run(*delay, *count); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

type tour struct {
	bin   string
	out   io.Writer
	pause time.Duration
}

func (t *tour) run(delay time.Duration, count int) error {
	dir, err := os.MkdirTemp("", "tour-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	fmt.Fprintf(t.out, "\n== Lesson 1: socket events\n   $ socket-events\n")
	if err := t.solo("socket-events"); err != nil {
		return err
	}

	t.heading("Lessons 2 and 3: client and echo server", "tcp-server -addr 127.0.0.1:0", "tcp-client -addr <its address>")
	err = t.pair(filepath.Join(dir, "echo.addr"), []string{"tcp-server"},
		[]string{"tcp-client"})
	if err != nil {
		return err
	}

	n := fmt.Sprint(count)
	t.heading("Lesson 4: the delayed-reply conversation", "talk-server -delay "+delay.String(), "talk-client -count "+n)
	return t.pair(filepath.Join(dir, "talk.addr"), []string{"talk-server", "-delay", delay.String()},
		[]string{"talk-client", "-count", n})
}

func (t *tour) heading(title string, commands ...string) {
	// The pause leaves time to read what the last lesson printed; a pause
	// is all it is, nothing waits on it.
	time.Sleep(t.pause)
	fmt.Fprintf(t.out, "\n== %s\n", title)
	for _, c := range commands {
		fmt.Fprintf(t.out, "   $ %s\n", c)
	}
	fmt.Fprintf(t.out, "%-*s│ %s\n%s┼%s\n", column, "server", "client", strings.Repeat("─", column), strings.Repeat("─", column))
}

// pair starts a server on a free port, waits for its address file, runs
// the client against it, then stops the server with SIGINT as Ctrl-C would.
//
// Both processes write to one pipe. A pipe keeps the order of the writes
// that reach it, and each line is one write, so the lines come out in the
// order they were said; which side said one is told by its words.
func (t *tour) pair(addrFile string, server, client []string) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	printed := make(chan struct{})
	go func() {
		defer close(printed)
		scanner := bufio.NewScanner(r)
		for scanner.Scan() {
			t.print(sideOf(scanner.Text()), scanner.Text())
		}
	}()

	args := append(server[1:], "-addr", "127.0.0.1:0", "-addr-file", addrFile)
	srv, err := t.start(w, server[0], args...)
	if err != nil {
		w.Close()
		return err
	}
	addr, err := waitFile(addrFile, 10*time.Second)
	if err == nil {
		cli, cerr := t.start(w, client[0], append(client[1:], "-addr", addr)...)
		if err = cerr; err == nil {
			err = wait(cli)
		}
	}
	srv.Process.Signal(syscall.SIGINT)
	if werr := wait(srv); err == nil {
		err = werr
	}
	w.Close()
	<-printed
	return err
}

// serverWords are how server lines begin; any other line is the client's.
var serverWords = []string{"server ", "client connected", "client disconnected",
	"message from client", "socket closed", "tcp-server:", "talk-server:"}

func sideOf(line string) string {
	for _, w := range serverWords {
		if strings.HasPrefix(line, w) {
			return "server"
		}
	}
	return "client"
}

// solo runs one program to its end, its lines printed as they come.
func (t *tour) solo(name string) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd, err := t.start(w, name)
	w.Close()
	if err != nil {
		return err
	}
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		t.print("solo", scanner.Text())
	}
	return wait(cmd)
}

func (t *tour) start(out *os.File, name string, args ...string) (*exec.Cmd, error) {
	cmd := exec.Command(filepath.Join(t.bin, name), args...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w (run make build first)", err)
	}
	return cmd, nil
}

func wait(cmd *exec.Cmd) error {
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(cmd.Path), err)
	}
	return nil
}

func (t *tour) print(side, line string) {
	switch side {
	case "solo":
		fmt.Fprintf(t.out, "   %s\n", line)
	case "server":
		fmt.Fprintf(t.out, "%-*s│\n", column, line)
	default:
		fmt.Fprintf(t.out, "%*s│ %s\n", column, "", line)
	}
}

func waitFile(path string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		data, err := os.ReadFile(path)
		if err == nil {
			return string(data), nil
		}
		if !errors.Is(err, os.ErrNotExist) || time.Now().After(deadline) {
			return "", fmt.Errorf("waiting for the server's address: %w", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
