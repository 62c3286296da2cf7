package tcpgo

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A process is a program a test has started. What it prints, stdout and
// stderr as one stream, is kept line by line as it comes: a test can wait
// for a line, and read the rest once the process has ended.
type process struct {
	name   string
	cmd    *exec.Cmd
	exited chan struct{} // closed once it has exited and its output is kept
	err    error         // its exit status, once exited is closed

	mu      sync.Mutex
	lines   []string
	partial []byte        // the start of a line still to come
	printed chan struct{} // closed, and replaced, whenever a line comes
	read    int           // the lines before this one were read by waitLine
}

// start runs one of the programs the suite has built, or else a command
// on PATH (sh, say), and kills it at the end of the test if it is still
// running.
func start(t *testing.T, name string, args ...string) *process {
	t.Helper()
	needPrograms(t)
	path := filepath.Join(binDir, name)
	if _, err := os.Stat(path); err != nil {
		path = name
	}
	p := &process{name: name, exited: make(chan struct{}), printed: make(chan struct{})}
	p.cmd = exec.Command(path, args...)
	p.cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	// The same writer for both: exec gives the process one pipe for the
	// two, so its lines keep the order they were printed in.
	p.cmd.Stdout, p.cmd.Stderr = p, p
	require.NoError(t, p.cmd.Start())
	go func() {
		p.err = p.cmd.Wait() // which returns once the pipe is drained
		p.mu.Lock()
		if len(p.partial) > 0 {
			p.lines = append(p.lines, string(p.partial))
		}
		p.mu.Unlock()
		close(p.exited)
	}()
	t.Cleanup(func() {
		if !p.hasExited() {
			p.cmd.Process.Kill()
			<-p.exited
		}
	})
	return p
}

// startListening starts a server program on a free port of loopback, and
// returns once it has written its address file (-addr-file), with the
// address.
func startListening(t *testing.T, name string, args ...string) (*process, string) {
	t.Helper()
	addrFile := filepath.Join(t.TempDir(), "addr")
	p := start(t, name, append(args, "-addr", "127.0.0.1:0", "-addr-file", addrFile)...)
	addr, err := waitForFile(addrFile)
	require.NoError(t, err, "%s did not say where it listens; it printed:\n%s", name, p.output())
	return p, addr
}

// Write keeps each whole line the process prints, and wakes waitLine.
func (p *process) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.partial = append(p.partial, b...)
	came := false
	for {
		line, rest, ok := bytes.Cut(p.partial, []byte("\n"))
		if !ok {
			break
		}
		p.lines = append(p.lines, string(line))
		p.partial, came = rest, true
	}
	if came {
		close(p.printed)
		p.printed = make(chan struct{})
	}
	return len(b), nil
}

func (p *process) hasExited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// waitLine returns once the process has printed want, after the line the
// last waitLine found.
func (p *process) waitLine(t *testing.T, want string) {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		found, printed := p.find(want)
		if found {
			return
		}
		select {
		case <-printed:
		case <-p.exited:
			if found, _ := p.find(want); !found {
				t.Fatalf("%s exited without printing %q; it printed:\n%s", p.name, want, p.output())
			}
			return
		case <-timeout:
			t.Fatalf("%s did not print %q within %s; it printed:\n%s", p.name, want, waitTimeout, p.output())
		}
	}
}

// find looks for want among the lines not yet read, and returns the
// channel that the next line closes.
func (p *process) find(want string) (bool, chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	i := slices.Index(p.lines[p.read:], want)
	if i >= 0 {
		p.read += i + 1
	}
	return i >= 0, p.printed
}

// rest waits for the process to exit, and returns the lines after the
// last one waitLine found, and the exit status.
func (p *process) rest(t *testing.T) ([]string, error) {
	t.Helper()
	p.waitExit(t)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lines[p.read:], p.err
}

// waitExit waits for the process to exit, and returns its exit status.
func (p *process) waitExit(t *testing.T) error {
	t.Helper()
	select {
	case <-p.exited:
		return p.err
	case <-time.After(waitTimeout):
		t.Fatalf("%s did not exit within %s; it printed:\n%s", p.name, waitTimeout, p.output())
		return nil
	}
}

// output is all the process has printed so far.
func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n") + "\n" + string(p.partial)
}
