package tcpgo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCommands are the commands the scripts use besides testscript's
// own. They replace sleeps: a script waits for an address file, never for
// a fixed time.
var scriptCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"waitaddr":      cmdWaitAddr,
	"freeaddr":      cmdFreeAddr,
	"echo-check":    cmdEchoCheck,
	"reset":         cmdReset,
	"leave":         cmdLeave,
	"replies-count": cmdRepliesCount,
}

// waitTimeout bounds every wait of a command, so a broken program fails the
// script instead of hanging it.
const waitTimeout = 20 * time.Second

// waitaddr FILE VAR waits until a server has written FILE (see -addr-file)
// and puts the address it holds into $VAR.
func cmdWaitAddr(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitaddr file VAR")
	}
	addr, err := waitForFile(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Setenv(args[1], addr)
}

// waitForFile returns the contents of path as soon as it exists. Servers
// write their address file by renaming a finished one into place, so it
// is never seen half written.
func waitForFile(path string) (string, error) {
	deadline := time.Now().Add(waitTimeout)
	for {
		data, err := os.ReadFile(path)
		if err == nil {
			return string(data), nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("%s did not appear within %s", path, waitTimeout)
		}
		// Polling for a file is waiting for an event, not guessing how
		// long something takes.
		time.Sleep(5 * time.Millisecond)
	}
}

// freeaddr VAR puts into $VAR a loopback address where nothing listens: we
// listen on port 0 and close the listener at once.
func cmdFreeAddr(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeaddr VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	ts.Setenv(args[0], ln.Addr().String())
	ts.Check(ln.Close())
}

// dial connects to a script address: host:port or unix:/path.
func dial(ts *testscript.TestScript, addr string) net.Conn {
	network := "tcp"
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		network, addr = "unix", path
	}
	conn, err := net.DialTimeout(network, addr, waitTimeout)
	ts.Check(err)
	ts.Check(conn.SetDeadline(time.Now().Add(waitTimeout)))
	return conn
}

// echo-check ADDR SIZE plays a client of the echo server: it reads the
// greeting, sends SIZE random bytes (1024, 8MiB...), ends its side with
// CloseWrite while still reading, and checks that the echo is the same
// bytes, in order, followed by the server's end.
func cmdEchoCheck(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: echo-check addr size")
	}
	size := parseSize(ts, args[1])
	conn := dial(ts, args[0])
	defer conn.Close()
	reader := bufio.NewReader(conn)
	greeting, err := reader.ReadString('\n')
	ts.Check(err)
	if greeting != "hello\r\n" {
		ts.Fatalf("greeting: got %q, want %q", greeting, "hello\r\n")
	}

	sent := make([]byte, size)
	rng := rand.NewChaCha8([32]byte{byte(size)})
	rng.Read(sent)
	// Write in a goroutine: the server echoes as we send, and we must read
	// the echo meanwhile or both sides would stall on full buffers.
	written := make(chan error, 1)
	go func() {
		_, err := conn.Write(sent)
		if err == nil {
			err = conn.(interface{ CloseWrite() error }).CloseWrite()
		}
		written <- err
	}()
	got, err := io.ReadAll(reader)
	ts.Check(err)
	ts.Check(<-written)
	if !bytes.Equal(got, sent) {
		ts.Fatalf("echo differs: sent %d bytes, got %d back, first difference at byte %d", len(sent), len(got), firstDiff(sent, got))
	}
	fmt.Fprintf(ts.Stdout(), "echoed %d bytes\n", len(got))
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func parseSize(ts *testscript.TestScript, s string) int {
	unit := 1
	if n, ok := strings.CutSuffix(s, "MiB"); ok {
		s, unit = n, 1<<20
	} else if n, ok := strings.CutSuffix(s, "KiB"); ok {
		s, unit = n, 1<<10
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		ts.Fatalf("bad size %q", s)
	}
	return n * unit
}

// reset ADDR connects, reads one greeting line, and aborts the connection:
// with SO_LINGER set to 0, Close sends a TCP reset (RST) instead of FIN.
func cmdReset(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: reset addr")
	}
	conn := dial(ts, args[0])
	_, err := bufio.NewReader(conn).ReadString('\n')
	ts.Check(err)
	ts.Check(conn.(*net.TCPConn).SetLinger(0))
	ts.Check(conn.Close())
}

// leave ADDR TEXT connects, sends TEXT and closes at once, without waiting
// for any answer: a client that leaves while its reply is pending.
func cmdLeave(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: leave addr text")
	}
	conn := dial(ts, args[0])
	_, err := io.WriteString(conn, args[1])
	ts.Check(err)
	ts.Check(conn.Close())
}

var replyNumber = regexp.MustCompile(`(?m)^data from server received: server message (\d+)$`)

// replies-count N FILE... checks that the talk-client outputs in FILEs hold
// the reply numbers 0 to N-1 between them, each exactly once: the server's
// counter is shared by its clients and never hands out a number twice.
func cmdRepliesCount(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: replies-count n file...")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	var got []int
	for _, file := range args[1:] {
		for _, m := range replyNumber.FindAllStringSubmatch(ts.ReadFile(file), -1) {
			i, _ := strconv.Atoi(m[1])
			got = append(got, i)
		}
	}
	slices.Sort(got)
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(got, want) {
		ts.Fatalf("reply numbers: got %v, want each of 0..%d once", got, n-1)
	}
}

func dialTCP(t interface{ Fatalf(string, ...any) }, addr string) net.Conn {
	conn, err := net.DialTimeout("tcp", addr, waitTimeout)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	return conn
}
