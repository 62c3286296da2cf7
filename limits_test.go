package tcpgo

import (
	"bufio"
	"io"
	"net"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A client that connects and never reads cannot stop the server from
// shutting down or serving others.
func TestClientThatNeverReads(t *testing.T) {
	t.Parallel()
	server, addr := startListening(t, "tcp-server")

	// Send a lot and read nothing back: the echo fills both buffers and the
	// server's goroutine for this client blocks in Write.
	stuck := dialClient(t, addr)
	t.Cleanup(func() { stuck.Close() })
	go io.Copy(stuck, zeros{})
	server.waitLine(t, "client connected")

	client := start(t, "tcp-client", "-addr", addr)
	out, err := client.rest(t)
	require.NoError(t, err, "%q", out)
	assert.Contains(t, out, "world!")

	stopsCleanly(t, server)
}

// zeros reads as an endless stream of zero bytes.
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
			// A shell lowers the limit on open files before it becomes the
			// server: a few clients are then enough to exhaust it.
			server, addr := startListening(t, "sh", "-c", `ulimit -n 16 && exec "$0" "$@"`, filepath.Join(binDir, name))

			// The kernel completes every connection; the server cannot
			// take them all.
			var conns []net.Conn
			for range 20 {
				conn := dialClient(t, addr)
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
				greeting, err := bufio.NewReader(last).ReadString('\n')
				require.NoError(t, err)
				assert.Equal(t, "hello\r\n", greeting)
			} else {
				_, err := io.WriteString(last, "the last one")
				require.NoError(t, err)
				server.waitLine(t, "message from client received: the last one")
			}
			stopsCleanly(t, server)
		})
	}
}

// stopsCleanly interrupts a server, as Ctrl-C does, and checks that it
// exits 0 and says last that it closed.
func stopsCleanly(t *testing.T, server *process) {
	t.Helper()
	require.NoError(t, server.cmd.Process.Signal(syscall.SIGINT))
	rest, err := server.rest(t)
	require.NoError(t, err, "server exit status")
	require.NotEmpty(t, rest)
	assert.Equal(t, "server closed", rest[len(rest)-1])
}
