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
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCommands are the commands the scripts use besides testscript's
// own. They replace sleeps: a script waits for an address file, never for
// a fixed time. This file holds the general ones; the others live by
// kind: peers_test.go (clients that pile up or hold on), proc_test.go
// (what /proc says of a server), proxy_test.go (the recording proxy),
// masks_test.go (outputs with what varies masked), deaf_test.go (an
// address that never answers), captures_test.go (the captures the pages
// show).
var scriptCommands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"waitaddr":      cmdWaitAddr,
	"freeaddr":      cmdFreeAddr,
	"echo-check":    cmdEchoCheck,
	"reset":         cmdReset,
	"leave":         cmdLeave,
	"replies-count": cmdRepliesCount,
	"sortmatch":     cmdSortMatch,
	"fits":          cmdFits,
	"exits":         cmdExits,
	"proxy":         cmdProxy,
	"proxy-trace":   cmdProxyTrace,
	"waitmatch":     cmdWaitMatch,
	"waitlisten":    cmdWaitListen,
	"waitsockets":   cmdWaitSockets,
	"flood":         cmdFlood,
	"knock":         cmdKnock,
	"deafaddr":      cmdDeafAddr,
	"hold":          cmdHold,
	"say":           cmdSay,
	"trickle":       cmdTrickle,
	"stuff":         cmdStuff,
	"partial":       cmdPartial,
	"finish":        cmdFinish,
	"clients":       cmdClients,
	"hangup":        cmdHangup,
	"fdmark":        cmdFdMark,
	"fdgrowth":      cmdFdGrowth,
	"fdback":        cmdFdBack,
	"held":          cmdHeld,
	"hideports":     cmdHidePorts,
	"showcr":        cmdShowCR,
	"uniqlines":     cmdUniqLines,
	"racereport":    cmdRaceReport,
	"capture":       cmdCapture,
}

// waitaddr FILE VAR [PORTVAR] waits until a server has written FILE (see
// -addr-file) and puts the address it holds into $VAR, and its port into
// $PORTVAR.
func cmdWaitAddr(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: waitaddr file VAR [PORTVAR]")
	}
	addr, err := waitForFile(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Setenv(args[1], addr)
	if len(args) == 3 {
		_, port, err := net.SplitHostPort(addr)
		ts.Check(err)
		ts.Setenv(args[2], port)
	}
}

// waitmatch FILE REGEXP waits until a line of FILE matches REGEXP: a
// server started as `sh -c 'exec server 2>FILE'` writes its log there as
// it goes, which a background command's stderr does not show until it ends.
func cmdWaitMatch(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitmatch FILE REGEXP")
	}
	re, err := regexp.Compile("(?m)" + args[1])
	ts.Check(err)
	path := ts.MkAbs(args[0])
	err = waitFor(waitTimeout, func() (bool, error) {
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			return false, nil
		}
		return re.Match(data), err
	})
	if err != nil {
		ts.Fatalf("no line of %s matches %q: %v", args[0], args[1], err)
	}
}

// freeaddr VAR [PORTVAR] puts into $VAR a loopback address where nothing
// listens, and its port into $PORTVAR: we listen on port 0 and close the
// listener at once.
func cmdFreeAddr(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: freeaddr VAR [PORTVAR]")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	ts.Setenv(args[0], ln.Addr().String())
	if len(args) == 2 {
		ts.Setenv(args[1], fmt.Sprint(ln.Addr().(*net.TCPAddr).Port))
	}
	ts.Check(ln.Close())
}

// echo-check ADDR SIZE plays a client of the echo server: it reads the
// greeting, sends SIZE random bytes (1024, 8MiB...), ends its side with
// CloseWrite while still reading, and checks that the echo is the same
// bytes, in order, followed by the server's end.
func cmdEchoCheck(ts *testscript.TestScript, neg bool, args []string) {
	// With -lines N the bytes are lines of N letters, for a server that
	// echoes lines no longer than that.
	lineLen := 0
	if len(args) == 4 && args[0] == "-lines" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		lineLen, args = n, args[2:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: echo-check [-lines N] ADDR SIZE")
	}
	size := parseSize(ts, args[1])
	conn := dialClient(ts, args[0])
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
	if lineLen > 0 {
		for i := range sent {
			sent[i] = 'a' + sent[i]%26
			if i%(lineLen+1) == lineLen {
				sent[i] = '\n'
			}
		}
	}
	// Write in a goroutine: the server echoes as we send, and we must read
	// the echo meanwhile or both sides would stall on full buffers.
	written := make(chan error, 1)
	go func() {
		_, err := conn.Write(sent)
		if err == nil {
			err = closeWrite(conn)
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

// unquote reads a script argument in double quotes as a Go string.
func unquote(ts *testscript.TestScript, text string) string {
	if !strings.HasPrefix(text, `"`) {
		return text
	}
	s, err := strconv.Unquote(text)
	ts.Check(err)
	return s
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
	conn := dialClient(ts, args[0])
	_, err := bufio.NewReader(conn).ReadString('\n')
	ts.Check(err)
	ts.Check(conn.(*net.TCPConn).SetLinger(0))
	ts.Check(conn.Close())
}

// leave ADDR TEXT connects, sends TEXT and closes at once, without waiting
// for any answer: a client that leaves while its reply is pending. A TEXT
// in double quotes is read as a Go string, escapes and all.
func cmdLeave(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: leave addr text")
	}
	conn := dialClient(ts, args[0])
	_, err := io.WriteString(conn, unquote(ts, args[1]))
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

// sortmatch REGEXP FILE... prints what REGEXP matches in FILEs, sorted, one
// match a line: the outputs of clients that ran at once, in an order that
// does not depend on which ran first.
func cmdSortMatch(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: sortmatch REGEXP FILE...")
	}
	re, err := regexp.Compile(args[0])
	ts.Check(err)
	var found []string
	for _, file := range args[1:] {
		found = append(found, re.FindAllString(ts.ReadFile(file), -1)...)
	}
	slices.Sort(found)
	for _, f := range found {
		fmt.Fprintln(ts.Stdout(), f)
	}
}

// exits N PROG ARGS... runs PROG and checks that its exit status is N:
// 2 for a usage error, 1 for a failure, 0 for success. Its output is
// there for stdout and stderr to check, as after exec.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N PROG ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	path := args[1]
	if !strings.Contains(path, "/") {
		path = ""
		for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
			if info, err := os.Stat(filepath.Join(dir, args[1])); err == nil && !info.IsDir() {
				path = filepath.Join(dir, args[1])
				break
			}
		}
		if path == "" {
			ts.Fatalf("exits: %s is not on PATH", args[1])
		}
	}
	cmd := exec.Command(path, args[2:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = append(os.Environ(), "PATH="+ts.Getenv("PATH"), "GORACE="+ts.Getenv("GORACE"))
	cmd.Stdout, cmd.Stderr = ts.Stdout(), ts.Stderr()
	err = cmd.Run()
	got := 0
	if exit, ok := err.(*exec.ExitError); ok {
		got = exit.ExitCode()
	} else if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, not %d", args[1], got, want)
	}
}

// fits N FILE checks that no line of FILE is wider than N characters.
func cmdFits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: fits N FILE")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	for i, line := range strings.Split(ts.ReadFile(args[1]), "\n") {
		if w := utf8.RuneCountInString(line); w > n {
			ts.Fatalf("%s:%d is %d characters wide, more than %d: %q", args[1], i+1, w, n, line)
		}
	}
}
