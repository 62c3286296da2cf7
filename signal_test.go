package tcpgo

import (
	"bufio"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// process is a lesson binary started by a test, whose output lines can be
// awaited one by one as they are printed.
type process struct {
	cmd   *exec.Cmd
	lines chan string
	seen  []string
}

func start(t *testing.T, name string, args ...string) *process {
	t.Helper()
	needPrograms(t)
	path := filepath.Join(binDir, name)
	if _, err := os.Stat(path); err != nil {
		path = name // not a lesson binary: a system command such as sh
	}
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	p := &process{cmd: cmd, lines: make(chan string, 100)}
	go func() {
		scanner := bufio.NewScanner(out)
		for scanner.Scan() {
			p.lines <- scanner.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return p
}

// waitLine returns once the process has printed want.
func (p *process) waitLine(t *testing.T, want string) {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Fatalf("%s exited without printing %q; it printed %q", p.cmd.Path, want, p.seen)
			}
			p.seen = append(p.seen, line)
			if line == want {
				return
			}
		case <-timeout:
			t.Fatalf("%s did not print %q; it printed %q", p.cmd.Path, want, p.seen)
		}
	}
}

// rest returns the remaining lines and the exit status.
func (p *process) rest(t *testing.T) ([]string, error) {
	t.Helper()
	var rest []string
	for line := range p.lines {
		rest = append(rest, line)
	}
	return rest, p.cmd.Wait()
}

func readAddr(t *testing.T, path string) string {
	t.Helper()
	addr, err := waitForFile(path)
	require.NoError(t, err)
	return addr
}

// SIGTERM, as sent by a service manager, stops a server like Ctrl-C does.
func TestServersStopGracefullyOnSIGTERM(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"tcp-server", "talk-server"} {
		t.Run(name, func(t *testing.T) {
			addrFile := filepath.Join(t.TempDir(), "addr")
			server := start(t, name, "-addr", "127.0.0.1:0", "-addr-file", addrFile)
			server.waitLine(t, "server bound")
			readAddr(t, addrFile)
			require.NoError(t, server.cmd.Process.Signal(syscall.SIGTERM))
			rest, err := server.rest(t)
			require.NoError(t, err, "exit status")
			assert.Equal(t, []string{"server closed"}, rest)
		})
	}
}

// A reply pending at shutdown is dropped, its socket closed and logged;
// the client sees the server end early and says so in one line.
func TestShutdownWithAReplyPending(t *testing.T) {
	t.Parallel()
	addrFile := filepath.Join(t.TempDir(), "addr")
	server := start(t, "talk-server", "-addr", "127.0.0.1:0", "-addr-file", addrFile, "-delay", "1h")
	client := start(t, "talk-client", "-addr", readAddr(t, addrFile), "-count", "2")
	server.waitLine(t, "message from client received: initial data")

	require.NoError(t, server.cmd.Process.Signal(syscall.SIGINT))
	rest, err := server.rest(t)
	require.NoError(t, err, "server exit status")
	assert.Equal(t, []string{"socket closed !", "server closed"}, rest)

	out, err := client.rest(t)
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 1, exit.ExitCode())
	assert.Equal(t, "connect!\ndisconnected from server\ntalk-client: the server ended the conversation after 0 of 2 replies",
		strings.Join(out, "\n"))
}

// A client that connects and never reads cannot stop the server from
// shutting down or serving others.
func TestClientThatNeverReads(t *testing.T) {
	t.Parallel()
	addrFile := filepath.Join(t.TempDir(), "addr")
	server := start(t, "tcp-server", "-addr", "127.0.0.1:0", "-addr-file", addrFile)
	addr := readAddr(t, addrFile)

	// Send a lot and read nothing back: the echo fills both buffers and the
	// server's goroutine for this client blocks in Write.
	stuck := dialTCP(t, addr)
	t.Cleanup(func() { stuck.Close() })
	go io.Copy(stuck, zeros{})
	server.waitLine(t, "client connected")

	client := start(t, "tcp-client", "-addr", addr)
	out, err := client.rest(t)
	require.NoError(t, err, "%q", out)
	assert.Contains(t, out, "world!")

	require.NoError(t, server.cmd.Process.Signal(syscall.SIGINT))
	rest, err := server.rest(t)
	require.NoError(t, err, "server exit status")
	require.NotEmpty(t, rest)
	assert.Equal(t, "server closed", rest[len(rest)-1])
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A server that runs out of file descriptors keeps going: Accept fails,
// the server says so and waits, and serves again once clients have left.
func TestServerSurvivesRunningOutOfFiles(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"tcp-server", "talk-server"} {
		t.Run(name, func(t *testing.T) {
			addrFile := filepath.Join(t.TempDir(), "addr")
			// A shell lowers the limit on open files before it becomes the
			// server: a few clients are then enough to exhaust it.
			server := start(t, "sh", "-c", `ulimit -n 16 && exec "$0" "$@"`, filepath.Join(binDir, name),
				"-addr", "127.0.0.1:0", "-addr-file", addrFile)
			addr := readAddr(t, addrFile)

			// The kernel completes every connection; the server cannot
			// take them all.
			var conns []net.Conn
			for range 20 {
				conn := dialTCP(t, addr)
				defer conn.Close()
				conns = append(conns, conn)
			}
			server.waitLine(t, name+": accept: accept tcp "+addr+": accept4: too many open files")

			// Once the others leave, the last one is served.
			for _, conn := range conns[:len(conns)-1] {
				conn.Close()
			}
			last := conns[len(conns)-1]
			if name == "tcp-server" {
				last.SetReadDeadline(time.Now().Add(waitTimeout))
				greeting, err := bufio.NewReader(last).ReadString('\n')
				require.NoError(t, err)
				assert.Equal(t, "hello\r\n", greeting)
			} else {
				_, err := io.WriteString(last, "the last one")
				require.NoError(t, err)
				server.waitLine(t, "message from client received: the last one")
			}

			require.NoError(t, server.cmd.Process.Signal(syscall.SIGINT))
			rest, err := server.rest(t)
			require.NoError(t, err, "server exit status")
			require.NotEmpty(t, rest)
			assert.Equal(t, "server closed", rest[len(rest)-1])
		})
	}
}
