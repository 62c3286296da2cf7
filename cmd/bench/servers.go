package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"tcpgo/internal/load"
	"tcpgo/internal/procfs"
	"tcpgo/internal/programs"
)

// A pair is a lesson's Go server and its Node twin.
type pair struct {
	lesson string // "03-server"
	goBin  string // the Go server: a lesson's program in internal/programs
	nodeJS string // the Node twin, from the repository's root
	echo   bool   // an echo server that greets; else the conversation
	// before, if not empty, is the package of a step of the lesson: the
	// Go server as it was before a change the benchmark page shows,
	// measured beside the other two where it echoes, as beforeName.
	before, beforeName string
}

var pairs = []pair{
	{lesson: "03-server", goBin: "tcp-server", nodeJS: "lessons/03-server/server.js", echo: true},
	{lesson: "04-conversation", goBin: "talk-server", nodeJS: "lessons/04-conversation/talk-server.js"},
	{lesson: "05-robust-server", goBin: "robust-server", nodeJS: "lessons/05-robust-server/robust-server.js", echo: true,
		// Step 5 reads a line at a time and writes each echo apart.
		before: "./lessons/05-robust-server/steps/5-max-conns", beforeName: "robust-server, step 5"},
}

// A side is one server of a pair, ready to start.
type side struct {
	lang string // "Go" or "Node"
	name string // "tcp-server", "server.js"
	argv []string
	// delay writes the talk server's -delay as this server reads it:
	// a Go duration, or milliseconds for Node's setTimeout.
	delay func(time.Duration) string
	// noAddrFile is a lesson's step: it takes -addr only, and its port
	// is read from /proc.
	noAddrFile bool
}

// sides are the pair's servers: Go's, Node's, and Go's before its change
// when asked for and there is one.
func (p pair) sides(bin string, withBefore bool) ([]side, error) {
	goDelay := func(d time.Duration) string { return d.String() }
	sides := []side{
		{lang: "Go", name: p.goBin, argv: []string{filepath.Join(bin, p.goBin)}, delay: goDelay},
		{lang: "Node", name: filepath.Base(p.nodeJS), argv: []string{"node", p.nodeJS},
			delay: func(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }},
	}
	if withBefore && p.before != "" {
		// The step's binary is named as make build and the tests name it.
		step, err := programs.Step(p.before)
		if err != nil {
			return nil, err
		}
		sides = append(sides, side{lang: "Before", name: p.beforeName, argv: []string{filepath.Join(bin, step.Name)}, delay: goDelay, noAddrFile: true})
	}
	return sides, nil
}

// build compiles into bin, as a user runs them (without the race
// detector), loadgen and the Go servers, each from the package the table
// of programs gives it.
func build(bin string) error {
	names := []string{"loadgen"}
	for _, p := range pairs {
		names = append(names, p.goBin)
	}
	var builds []programs.Program
	for _, name := range names {
		p, err := programs.Find(name)
		if err != nil {
			return err
		}
		builds = append(builds, p)
	}
	for _, p := range pairs {
		if p.before != "" {
			step, err := programs.Step(p.before)
			if err != nil {
				return err
			}
			builds = append(builds, step)
		}
	}
	for _, p := range builds {
		if err := goBuild(filepath.Join(bin, p.Name), p.Package); err != nil {
			return err
		}
	}
	return nil
}

func goBuild(out, pkg string) error {
	cmd := exec.Command(goCommand(), "build", "-o", out, pkg)
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, output)
	}
	return nil
}

// server is a running server process.
type server struct {
	side   side
	cmd    *exec.Cmd
	addr   string
	stderr bytes.Buffer
	exited chan error
}

// start runs a server on a free port of loopback, with extra flags, and
// waits for the address it writes once listening. What it prints goes
// nowhere: the talk server logs every message, and a terminal's speed
// would be part of what is measured.
func start(s side, dir string, extra ...string) (*server, error) {
	addrFile := filepath.Join(dir, "addr")
	os.Remove(addrFile)
	args := append(append([]string{}, s.argv[1:]...), "-addr", "127.0.0.1:0")
	if !s.noAddrFile {
		args = append(args, "-addr-file", addrFile)
	}
	args = append(args, extra...)
	srv := &server{side: s, cmd: exec.Command(s.argv[0], args...), exited: make(chan error, 1)}
	srv.cmd.Stderr = &srv.stderr
	// A group of its own: strace and the server it starts go together.
	srv.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := srv.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", s.name, err)
	}
	go func() { srv.exited <- srv.cmd.Wait() }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		addr, err := srv.listening(addrFile)
		if err != nil {
			srv.kill()
			<-srv.exited
			return nil, err
		}
		if addr != "" {
			srv.addr = addr
			return srv, nil
		}
		select {
		case err := <-srv.exited:
			return nil, fmt.Errorf("%s exited before it listened (%v): %s", s.name, err, firstLine(srv.stderr.String()))
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			srv.kill()
			<-srv.exited
			return nil, fmt.Errorf("%s did not listen within 20s", s.name)
		}
	}
}

// listening is the address the server listens on, or "" until it does:
// from its -addr-file, or for a step, which writes none, from /proc.
func (srv *server) listening(addrFile string) (string, error) {
	if srv.side.noAddrFile {
		addr, err := procfs.Listening(srv.pid())
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			// Gone (a process that has exited but is not yet waited
			// for may deny its fd directory): start sees it exit.
			return "", nil
		}
		return addr, err
	}
	data, err := os.ReadFile(addrFile)
	if err != nil {
		return "", nil
	}
	return string(data), nil
}

// kill ends the server's process group at once: the server, and strace
// if it runs under it (killing strace alone would leave the server
// running).
func (srv *server) kill() {
	syscall.Kill(-srv.pid(), syscall.SIGKILL)
}

// stop interrupts the server as Ctrl-C would, and waits for it to go.
func (srv *server) stop() error {
	srv.cmd.Process.Signal(os.Interrupt)
	return srv.wait()
}

// wait waits for the server to exit, 10 seconds at most.
func (srv *server) wait() error {
	select {
	case <-srv.exited:
		return nil
	case <-time.After(10 * time.Second):
		srv.kill()
		<-srv.exited
		return fmt.Errorf("%s did not stop within 10s of SIGINT", srv.side.name)
	}
}

// alive reports a server that died while it was measured.
func (srv *server) alive() error {
	select {
	case err := <-srv.exited:
		srv.exited <- err
		return fmt.Errorf("%s exited while measured (%v): %s", srv.side.name, err, firstLine(srv.stderr.String()))
	default:
		return nil
	}
}

func (srv *server) pid() int { return srv.cmd.Process.Pid }

// rss is the memory the server's process has in RAM now, and the most
// it has had since it started.
func (srv *server) rss() (now, peak int64, err error) { return procfs.Memory(srv.pid()) }

func (srv *server) fds() (int, error) { return procfs.Descriptors(srv.pid()) }

// cpu is the CPU time the server has used, user and system.
func (srv *server) cpu() (time.Duration, error) { return procfs.CPU(srv.pid()) }

// accepted waits until the server holds a descriptor for each
// connection opened, on top of the base it had before: it has then
// accepted them all. Each server holds one descriptor per connection
// (the idle figures check that too).
func (srv *server) accepted(base int) load.Accepted {
	return func(opened int) error {
		deadline := time.Now().Add(30 * time.Second)
		for {
			got, err := srv.fds()
			if err != nil || got >= base+opened {
				return err
			}
			if err := srv.alive(); err != nil {
				return err
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("%s holds %d descriptors, not the %d expected, 30s after %d connections opened", srv.side.name, got, base+opened, opened)
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// raiseFileLimit lets this process, and the servers it starts, open as
// many files as the system allows: 5,000 connections are 5,000
// descriptors on each side. Go raises its own soft limit at start, but
// gives children the old one back unless the limit was set explicitly.
func raiseFileLimit(need uint64) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	if lim.Cur < need {
		return fmt.Errorf("this system allows %d open files per process, and the benchmark needs %d; raise the hard limit (ulimit -Hn)", lim.Cur, need)
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	if line == "" {
		return "it printed nothing on stderr"
	}
	return line
}

// goCommand is the go command that make passes on ($GO), or go.
func goCommand() string {
	if g := os.Getenv("GO"); g != "" {
		return g
	}
	return "go"
}

// firstCPU is the first CPU this process may run on, where the round trips
// on one core are pinned: CPU 0, unless a cpuset leaves it out.
func firstCPU() (int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return 0, err
	}
	for cpu := range 1024 {
		if set.IsSet(cpu) {
			return cpu, nil
		}
	}
	return 0, errors.New("no CPU to run on")
}
