package tcpgo

import (
	"fmt"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/procfs"
)

// deafaddr VAR puts into $VAR a loopback address where connecting hangs,
// as to a host that does not answer: a socket listens there but never
// accepts, and its queue is full.
func cmdDeafAddr(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: deafaddr VAR")
	}
	fd, addr, err := deafListen()
	ts.Check(err)
	ts.Defer(func() { syscall.Close(fd) })
	first, err := dial(addr)
	ts.Check(err)
	ts.Defer(func() { first.Close() })
	ts.Setenv(args[0], addr)
}

// deafListen listens on loopback with a backlog of 0, which leaves room
// for one connection that nobody accepts. With it taken, the kernel drops
// the SYNs of the next ones, and their connect waits, as for a host that
// does not answer.
func deafListen() (fd int, addr string, err error) {
	// Close-on-exec, as the net package makes its own sockets: without
	// it, every program the tests start meanwhile would inherit this
	// listener and seem to listen on the deaf address too.
	fd, err = syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, "", err
	}
	err = syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}})
	if err == nil {
		err = syscall.Listen(fd, 0)
	}
	var sa syscall.Sockaddr
	if err == nil {
		sa, err = syscall.Getsockname(fd)
	}
	if err != nil {
		syscall.Close(fd)
		return -1, "", err
	}
	return fd, fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port), nil
}

// The deaf listener stays in the test process: a program started while
// it is open must not hold it too (it did once, and make bench, asking
// /proc where a step listened, dialled the deaf address).
func TestDeafListenerIsNotInherited(t *testing.T) {
	fd, _, err := deafListen()
	require.NoError(t, err)
	defer syscall.Close(fd)
	child := exec.Command("cat")
	stdin, err := child.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, child.Start())
	defer child.Wait()
	defer stdin.Close()
	var deaf syscall.Stat_t
	require.NoError(t, syscall.Fstat(fd, &deaf))
	sockets, err := procfs.Sockets(child.Process.Pid)
	require.NoError(t, err)
	assert.NotContains(t, sockets, strconv.FormatUint(deaf.Ino, 10), "the sockets of a program the tests started")
}
