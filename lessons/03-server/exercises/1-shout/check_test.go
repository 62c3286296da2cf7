//go:build check

// The checker of exercise 1 of lesson 3: make check EX=03/1.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const checkHint = "serve each client in a goroutine of its own (go serve(conn)), and in serve, " +
	"read into a buffer and write back each piece with a to z turned into A to Z."

// raceHint is the hint when the race detector catches two clients'
// goroutines sharing memory.
const raceHint = "each client's goroutine needs a buffer of its own: make it inside serve, not once for all, " +
	"as lesson 3's finished server does (\"One descriptor for each client\": 32 KiB for each client). " +
	"One buffer for all is read into by two goroutines at once."

// The hints for the other kinds of mistake.
const (
	upperHint = "turn a to z into capitals yourself, byte by byte (if 'a' <= b && b <= 'z'): " +
		"bytes.ToUpper and strings.ToUpper turn é into É too."
	shoutHint = "write back each piece you read, with a to z turned into A to Z and every other byte as it came."
	goHint    = "serve each client in a goroutine of its own, go serve(conn), and go back to Accept at once: " +
		"step 1 of this lesson does it."
	loopHint = "serve loops: Read, shout, Write, until Read returns an error (io.EOF once the client " +
		"ends its side); only then does it return and close the connection."
	piecesHint = "write back buf[:n], the n bytes this Read put in the buffer: " +
		"the rest of buf holds bytes from before, or zeros."
	returnHint = "when Accept fails, return its error: once the listener is closed, " +
		"Accept returns net.ErrClosed, and so should run."
)

// checkClient connects to the server and is greeted by nothing: it says
// a line and returns the answer, waiting two seconds at most, or
// "nothing (why)".
func checkClient(t *testing.T, addr string) (say func(line string) string) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("could not connect to your server: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	reader := bufio.NewReader(conn)
	return func(line string) string {
		conn.SetDeadline(time.Now().Add(2 * time.Second))
		if _, err := conn.Write([]byte(line)); err != nil {
			return fmt.Sprintf("nothing (could not send: %v)", err)
		}
		answer, err := reader.ReadString('\n')
		if err != nil {
			return fmt.Sprintf("nothing (%v)", err)
		}
		return answer
	}
}

func TestShout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	returned := make(chan error, 1)
	go func() { returned <- run(ln) }()

	first := checkClient(t, ln.Addr().String())
	line := "hello, héllo\n"
	if got := first(line); got != checkShout(line) {
		why, hint := checkWhy(line, got)
		t.Fatalf("the first client sent %q and got back %s%s\nHint: %s", line, quoteOr(got), why, hint)
	}
	// The first client stays connected while a second one talks.
	second := checkClient(t, ln.Addr().String())
	line = "anyone there?\n"
	if got := second(line); got != checkShout(line) {
		why, hint := checkWhy(line, got)
		if isNothing(got) {
			why, hint = ": your server serves one client at a time.", goHint
		}
		t.Fatalf("while the first client stayed connected, a second one sent %q and got back %s%s\nHint: %s",
			line, quoteOr(got), why, hint)
	}
	line = "still here\n"
	if got := first(line); got != checkShout(line) {
		why, hint := checkWhy(line, got)
		if isNothing(got) {
			why, hint = ": the server had ended the connection after its first answer.", loopHint
		}
		t.Fatalf("the first client, still connected, sent %q and got back %s%s\nHint: %s", line, quoteOr(got), why, hint)
	}
	checkAtOnce(t, first, second)

	ln.Close()
	select {
	case err := <-returned:
		if err == nil {
			t.Fatalf("run returned nil once the listener was closed: it should return Accept's error.\nHint: %s", returnHint)
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("run did not return after the listener was closed: it should return Accept's error.\nHint: %s", returnHint)
	}
	t.Logf("two clients at once, each shouted back at")
}

// checkAtOnce has both clients speak at the same moment, a few rounds
// over: each must get its own words back, shouted. Servers whose
// clients' goroutines share memory are caught here, if not before.
func checkAtOnce(t *testing.T, first, second func(line string) string) {
	for round := 1; round <= 5; round++ {
		lines := []string{
			fmt.Sprintf("first client, round %d\n", round),
			fmt.Sprintf("second client, round %d\n", round),
		}
		got := make([]string, 2)
		var both sync.WaitGroup
		for i, say := range []func(string) string{first, second} {
			both.Go(func() { got[i] = say(lines[i]) })
		}
		both.Wait()
		for i, who := range []string{"first", "second"} {
			if got[i] == checkShout(lines[i]) {
				continue
			}
			why, hint := checkWhy(lines[i], got[i])
			if other := strings.ToUpper(strings.Fields(lines[1-i])[0]); strings.Contains(got[i], other) {
				why, hint = ": words of the other client's. The two clients' goroutines used the same memory at once.", raceHint
			}
			t.Fatalf("when both clients spoke at once (round %d), the %s client sent %q and got back %s%s\nHint: %s",
				round, who, lines[i], quoteOr(got[i]), why, hint)
		}
	}
}

// checkShout is the answer to line: a to z in upper case.
func checkShout(line string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, line)
}

// checkWhy says what is wrong with got, the answer to line, and the hint
// for that kind of mistake.
func checkWhy(line, got string) (why, hint string) {
	switch {
	case got == line:
		return ": the line as it came, nothing in capitals.", checkHint
	case got == string(bytes.ToUpper([]byte(line))):
		return ": that is what bytes.ToUpper and strings.ToUpper do, which turn é into É. " +
			"Only a to z become capitals; every other byte comes back as it came.", upperHint
	case !isNothing(got) && len(got) > len(line):
		return fmt.Sprintf(": %d bytes for the %d it sent, those beyond them not its own.", len(got), len(line)), piecesHint
	}
	return fmt.Sprintf("; it should have got %q: a to z in upper case, every other byte as it came.", checkShout(line)), shoutHint
}

// isNothing tells the answer of a client that read no line.
func isNothing(s string) bool {
	return strings.HasPrefix(s, "nothing (")
}

// quoteOr quotes an answer, its middle left out if it is long, and
// leaves "nothing (why)" as it is.
func quoteOr(s string) string {
	switch {
	case isNothing(s):
		return s
	case len(s) > 60:
		return fmt.Sprintf("%s … %d bytes … %s", strconv.Quote(s[:20]), len(s)-40, strconv.Quote(s[len(s)-20:]))
	}
	return strconv.Quote(s)
}
