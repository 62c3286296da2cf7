// Command tour runs lessons 1 to 5 in order, as real processes on loopback,
// and prints what each process says in its own labelled column, in the order
// it was said. `make tour` builds the lessons and runs it.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	flags := flag.NewFlagSet("tour", flag.ExitOnError)
	bin := flags.String("bin", "bin", "`directory` holding the lesson binaries (make build)")
	delay, pause := time.Second, 2*time.Second
	flags.Var((*duration)(&delay), "delay", "talk-server's reply delay in lesson 4, a `duration`")
	count := flags.Int("count", 5, "talk-client's number of replies in lesson 4")
	flags.Var((*duration)(&pause), "pause", "the `duration` of the pause before each lesson, to read the one before")
	flags.Parse(os.Args[1:])
	if flags.NArg() > 0 {
		flags.Usage()
		os.Exit(2)
	}
	t := &tour{bin: *bin, out: newScreen(os.Stdout), pause: pause}
	if err := t.run(delay, *count); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

type tour struct {
	bin   string
	out   *screen
	pause time.Duration
}

func (t *tour) run(delay time.Duration, count int) error {
	dir, err := os.MkdirTemp("", "tour-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	t.out.note("The tour runs the programs that make build put into bin/, servers on a free port.")
	t.heading("Lesson 1: socket events", "go run ./lessons/01-socket-events")
	if err := t.solo("socket-events"); err != nil {
		return err
	}

	t.heading("Lessons 2 and 3: client and echo server",
		"go run ./lessons/03-server    # in one terminal",
		"go run ./lessons/02-client    # in another")
	t.out.note(concurrentNote)
	err = t.pair(filepath.Join(dir, "echo.addr"), []string{"tcp-server"}, []string{"tcp-client"})
	if err != nil {
		return err
	}

	n := fmt.Sprint(count)
	t.heading("Lesson 4: the delayed-reply conversation",
		"go run ./lessons/04-conversation/talk-server -delay "+delay.String(),
		"go run ./lessons/04-conversation/talk-client -count "+n)
	err = t.pair(filepath.Join(dir, "talk.addr"), []string{"talk-server", "-delay", delay.String()},
		[]string{"talk-client", "-count", n})
	if err != nil {
		return err
	}

	t.heading("Lesson 5: the echo server for clients that are not friendly",
		"go run ./lessons/05-robust-server    # in one terminal",
		"go run ./lessons/02-client -addr 127.0.0.1:8128    # in another")
	err = t.pair(filepath.Join(dir, "robust.addr"), []string{"robust-server"}, []string{"tcp-client"})
	if err != nil {
		return err
	}

	t.out.heading("Next: the lessons, step by step, with the code of each")
	t.out.command("make serve")
	t.out.solo("then open http://127.0.0.1:8000/01-socket-events.html")
	return nil
}

// concurrentNote says why the lines of a pair may come in another order
// on the next run: each is shown as it is printed, but two processes
// that go on from the same moment race to print.
const concurrentNote = "Each line is shown as it is printed. Once the server has sent its echo, " +
	"it prints \"client disconnected\" while the client prints \"world!\": " +
	"two processes at once, so either may come first, from run to run."

func (t *tour) heading(title string, commands ...string) {
	// The pause leaves time to read what the last lesson printed; a pause
	// is all it is, nothing waits on it.
	time.Sleep(t.pause)
	t.out.heading(title)
	for _, c := range commands {
		t.out.command(c)
	}
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
	t.out.columns()
	printed := make(chan struct{})
	go func() {
		defer close(printed)
		scanner := bufio.NewScanner(r)
		for scanner.Scan() {
			if isServer(scanner.Text()) {
				t.out.left(scanner.Text())
			} else {
				t.out.right(scanner.Text())
			}
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
	"message from client", "socket closed", "tcp-server:", "talk-server:",
	"client closed", "client refused", "client dropped", "robust-server:"}

func isServer(line string) bool {
	for _, w := range serverWords {
		if strings.HasPrefix(line, w) {
			return true
		}
	}
	return false
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
		t.out.solo(scanner.Text())
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
