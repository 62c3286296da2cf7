package tcpgo

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/procfs"
)

// Clients that the steps of the lessons meet in the scripts: clients that
// pile up or hold on.
//
//	flood ADDR N     open N connections to ADDR and keep them open
//	deafaddr VAR     a loopback address where connecting hangs: a socket
//	                 listens there but never accepts, and its queue is full
//	clients N ADDR   open N connections to the echo server at ADDR; each
//	                 reads the greeting, has a line echoed, and stays open
//	hangup           close the connections that clients opened
//	say ADDR TEXT    send TEXT (Go-quoted if in double quotes), end our side,
//	                 and print what the server sends, a quoted line each
//	stuff [-hold D] ADDR  send lines without ever reading, until the server
//	                 drops the connection; with -hold, until a Write has
//	                 waited D, the connection still up
//	partial ADDR TEXT  send TEXT, the start of a line, and keep the
//	                 connection; finish [-end] TEXT sends the rest of it
//	                 (and ends our side), and prints what the server sends
//	                 until it closes, as say does, or that nothing came
//	trickle ADDR N D send N lines, one every D, each echoed before the next
//	hold ADDR        open a connection, read the greeting, keep it open
//	held             wait for the server to end the held connection, and
//	                 print how it ended

func cmdFlood(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: flood ADDR N")
	}
	var n int
	_, err := fmt.Sscan(args[1], &n)
	ts.Check(err)
	// The kernel completes each connection on its own, whether or not the
	// server gets round to accepting it. A server that dies of the flood
	// refuses the rest, which is no failure of ours.
	for range n {
		conn, err := dialUpstream(args[0])
		if err != nil {
			break
		}
		ts.Defer(func() { conn.Close() })
	}
}

// knock ADDR N opens N connections at once, reads the first line each
// one is sent, and keeps them open; it prints how many got each line, the
// most common first. A line is sent once the server has taken the
// connection: when knock returns, the server has taken all N.
func cmdKnock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: knock ADDR N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	firsts := make(chan string, n)
	for range n {
		conn := dial(ts, args[0])
		ts.Defer(func() { conn.Close() })
		conn.SetReadDeadline(time.Now().Add(waitTimeout))
		go func() {
			line, err := bufio.NewReader(conn).ReadString('\n')
			if err != nil {
				line = fmt.Sprintf("nothing: %v", err)
			}
			firsts <- line
		}()
	}
	count := map[string]int{}
	for range n {
		count[<-firsts]++
	}
	lines := slices.SortedFunc(maps.Keys(count), func(a, b string) int {
		return cmp.Or(count[b]-count[a], strings.Compare(a, b))
	})
	for _, line := range lines {
		fmt.Fprintf(ts.Stdout(), "%d × %q\n", count[line], line)
	}
}

func cmdDeafAddr(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: deafaddr VAR")
	}
	fd, addr, err := deafListen()
	ts.Check(err)
	ts.Defer(func() { syscall.Close(fd) })
	first, err := net.DialTimeout("tcp", addr, waitTimeout)
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

var held sync.Map // *testscript.TestScript -> []net.Conn

func cmdClients(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: clients N ADDR")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	var conns []net.Conn
	ts.Defer(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for range n {
		conn := dial(ts, args[1])
		conns = append(conns, conn)
		reader := bufio.NewReader(conn)
		_, err := reader.ReadString('\n') // the greeting
		ts.Check(err)
		_, err = io.WriteString(conn, "still here\n")
		ts.Check(err)
		echo, err := reader.ReadString('\n')
		ts.Check(err)
		if echo != "still here\n" {
			ts.Fatalf("echo: got %q", echo)
		}
	}
	held.Store(ts, conns)
}

func cmdHangup(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: hangup")
	}
	v, ok := held.LoadAndDelete(ts)
	if !ok {
		ts.Fatalf("hangup: no clients")
	}
	for _, c := range v.([]net.Conn) {
		ts.Check(c.Close())
	}
}

// unquote reads a script argument in double quotes as a Go string.
func unquote(ts *testscript.TestScript, text string) string {
	if !strings.HasPrefix(text, `"`) {
		return text
	}
	s, err := strconv.Unquote(text)
	ts.Check(err)
	return s
}

// readQuoted reads what the server sends until it ends its side, and
// prints it a quoted line each. It returns how many lines it printed.
func readQuoted(ts *testscript.TestScript, conn net.Conn) int {
	reader := bufio.NewReader(conn)
	printed := 0
	for {
		line, err := reader.ReadString('\n')
		if line != "" {
			fmt.Fprintf(ts.Stdout(), "%q\n", line)
			printed++
		}
		if err == io.EOF {
			return printed
		}
		ts.Check(err)
	}
}

func cmdSay(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: say ADDR TEXT")
	}
	conn := dial(ts, args[0])
	defer conn.Close()
	// Write while reading: a long text would fill the buffers otherwise.
	written := make(chan error, 1)
	go func() {
		_, err := io.WriteString(conn, unquote(ts, args[1]))
		if err == nil {
			err = conn.(interface{ CloseWrite() error }).CloseWrite()
		}
		written <- err
	}()
	readQuoted(ts, conn)
	<-written // it may fail: the server can close before reading all
}

func cmdStuff(ts *testscript.TestScript, neg bool, args []string) {
	// With -hold D, the server is expected to keep the connection: once
	// a Write of ours has waited D, because the server no longer reads,
	// we say so and hang up.
	var hold time.Duration
	if len(args) == 3 && args[0] == "-hold" {
		d, err := time.ParseDuration(args[1])
		ts.Check(err)
		hold, args = d, args[2:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: stuff [-hold D] ADDR")
	}
	conn := dial(ts, args[0])
	defer conn.Close()
	// Lines of 500 bytes: the echoes fill the buffers in few Writes.
	lines := []byte(strings.Repeat(strings.Repeat("stuff", 100)[:499]+"\n", 128))
	for {
		if hold > 0 {
			conn.SetWriteDeadline(time.Now().Add(hold))
		}
		_, err := conn.Write(lines)
		switch {
		case err == nil:
			continue
		case errors.Is(err, os.ErrDeadlineExceeded) && hold > 0:
			fmt.Fprintf(ts.Stdout(), "the server stopped reading, and kept the connection: a Write waited %s\n", hold)
		case errors.Is(err, os.ErrDeadlineExceeded):
			ts.Fatalf("stuff: the server was still taking our lines after %s", waitTimeout)
		default:
			fmt.Fprintln(ts.Stdout(), "the server dropped the connection")
		}
		return
	}
}

var partials sync.Map // *testscript.TestScript -> net.Conn

func cmdPartial(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: partial ADDR TEXT")
	}
	conn := dial(ts, args[0])
	ts.Defer(func() { conn.Close() })
	greeting, err := bufio.NewReader(conn).ReadString('\n') // no more than the greeting is sent yet
	ts.Check(err)
	if greeting != "hello\r\n" {
		ts.Fatalf("greeting: %q", greeting)
	}
	_, err = io.WriteString(conn, unquote(ts, args[1]))
	ts.Check(err)
	// The server has the line begun, not only the kernel under it.
	ts.Check(waitRead(conn))
	partials.Store(ts, conn)
}

func cmdFinish(ts *testscript.TestScript, neg bool, args []string) {
	end := len(args) == 2 && args[0] == "-end"
	if end {
		args = args[1:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: finish [-end] TEXT")
	}
	v, ok := partials.LoadAndDelete(ts)
	if !ok {
		ts.Fatalf("finish: no partial line")
	}
	conn := v.(net.Conn)
	_, err := io.WriteString(conn, unquote(ts, args[0]))
	ts.Check(err)
	if end {
		ts.Check(conn.(interface{ CloseWrite() error }).CloseWrite())
	}
	n := readQuoted(ts, conn)
	conn.Close() // politely, once the end is read
	if n == 0 {
		fmt.Fprintln(ts.Stdout(), "nothing came back: the connection ended without a word")
	}
}

func cmdTrickle(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: trickle ADDR N INTERVAL")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	every, err := time.ParseDuration(args[2])
	ts.Check(err)
	conn := dial(ts, args[0])
	defer conn.Close()
	reader := bufio.NewReader(conn)
	_, err = reader.ReadString('\n') // the greeting
	ts.Check(err)
	for i := range n {
		// The pace is what is tested here: activity within each -idle.
		time.Sleep(every)
		line := fmt.Sprintf("line %d\n", i)
		_, err := io.WriteString(conn, line)
		ts.Check(err)
		echo, err := reader.ReadString('\n')
		if err != nil || echo != line {
			ts.Fatalf("line %d: got %q, %v", i, echo, err)
		}
	}
	// End politely, and wait for the server to close: its log then says
	// so before anything else happens.
	ts.Check(conn.(interface{ CloseWrite() error }).CloseWrite())
	_, err = io.ReadAll(reader)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "%d lines, one every %s: every one echoed\n", n, every)
}

var holds sync.Map // *testscript.TestScript -> chan string

func cmdHold(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: hold ADDR")
	}
	conn := dial(ts, args[0])
	ts.Defer(func() { conn.Close() })
	reader := bufio.NewReader(conn)
	greeting, err := reader.ReadString('\n')
	ts.Check(err)
	ended := make(chan string, 1)
	holds.Store(ts, ended)
	ts.Defer(func() { holds.Delete(ts) })
	go func() {
		// A polite client closes once it has read the end: the server,
		// which waits for that before it lets go, is not kept waiting.
		rest, err := io.ReadAll(reader)
		conn.Close()
		switch {
		case err != nil:
			ended <- fmt.Sprintf("the held connection, greeted with %q, failed: %v", greeting, err)
		default:
			ended <- fmt.Sprintf("the held connection, greeted with %q, then received %q and EOF", greeting, rest)
		}
	}()
}

func cmdHeld(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: held")
	}
	v, ok := holds.LoadAndDelete(ts)
	if !ok {
		ts.Fatalf("held: nothing is held")
	}
	fmt.Fprintln(ts.Stdout(), <-v.(chan string))
}

// The output of a step can hold what changes from run to run: ports, and
// in a race report, addresses and goroutine numbers. These commands write
// a file with those masked, for cmp to compare with a golden file.
//
//	hideports FILE OUT    OUT is FILE with the port of each IPv4 address, and
//	                      of localhost, shown as ‹port›
//	uniqlines [-c] FILE OUT  OUT is FILE with each line once, where it
//	                      first comes: an error logged again and again shows
//	                      once; with -c, after the times it came ("3 × ")
//	racereport FILE OUT   OUT is the first race report in FILE, its
//	                      addresses, goroutine numbers and paths masked

var ipPort = regexp.MustCompile(`(\d+\.\d+\.\d+\.\d+|localhost):\d+`)

func cmdHidePorts(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: hideports FILE OUT")
	}
	masked := ipPort.ReplaceAllString(ts.ReadFile(args[0]), "$1:‹port›")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(masked), 0o644))
}

var (
	raceAddr      = regexp.MustCompile(`at 0x[0-9a-f]+ by`)
	raceGoroutine = regexp.MustCompile(`goroutine \d+`)
	raceFrame     = regexp.MustCompile(`^\s+\S*/(lessons/[^ ]+\.go:\d+)( \+0x[0-9a-f]+)?$`)
)

func cmdUniqLines(ts *testscript.TestScript, neg bool, args []string) {
	count := len(args) == 3 && args[0] == "-c"
	if count {
		args = args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: uniqlines [-c] FILE OUT")
	}
	var order []string
	seen := map[string]int{}
	for _, line := range strings.SplitAfter(ts.ReadFile(args[0]), "\n") {
		if line != "" && seen[line] == 0 {
			order = append(order, line)
		}
		seen[line]++
	}
	var out strings.Builder
	for _, line := range order {
		if count {
			fmt.Fprintf(&out, "%d × ", seen[line])
		}
		out.WriteString(line)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out.String()), 0o644))
}

func cmdRaceReport(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: racereport FILE OUT")
	}
	text := ts.ReadFile(args[0])
	const rule = "=================="
	_, report, ok := strings.Cut(text, rule+"\nWARNING: DATA RACE\n")
	if !ok {
		ts.Fatalf("%s holds no race report", args[0])
	}
	report, _, _ = strings.Cut(report, rule)
	var out strings.Builder
	out.WriteString("WARNING: DATA RACE\n")
	keep := false
	for _, line := range strings.Split(strings.TrimSuffix(report, "\n"), "\n") {
		line = raceAddr.ReplaceAllString(line, "at 0x… by")
		line = raceGoroutine.ReplaceAllString(line, "goroutine …")
		switch {
		case line == "":
			keep = false // a blank line ends a section; the next one says whether it counts
			out.WriteString("\n")
		case !strings.HasPrefix(line, " "):
			// A heading: "Write at ... by goroutine ...:". Keep the two
			// accesses; the stacks of where goroutines started vary more.
			keep = strings.HasPrefix(line, "Write at") || strings.HasPrefix(line, "Read at") || strings.HasPrefix(line, "Previous ")
			if keep {
				out.WriteString(line + "\n")
			}
		case keep:
			if m := raceFrame.FindStringSubmatch(line); m != nil {
				out.WriteString("      …/" + m[1] + "\n")
			} else {
				out.WriteString(line + "\n")
			}
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(strings.TrimRight(out.String(), "\n")+"\n"), 0o644))
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
