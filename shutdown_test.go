package tcpgo

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// SIGTERM, as sent by a service manager, stops a server like Ctrl-C does.
func TestServersStopGracefullyOnSIGTERM(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"tcp-server", "talk-server"} {
		t.Run(name, func(t *testing.T) {
			server, _ := startListening(t, name)
			server.waitLine(t, "server bound")
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
	server, addr := startListening(t, "talk-server", "-delay", "1h")
	client := start(t, "talk-client", "-addr", addr, "-count", "2")
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
