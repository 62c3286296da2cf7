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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// Clients that the steps of the lessons meet in the scripts: clients that
// pile up or hold on.
//
//	flood ADDR N     open N connections to ADDR and keep them open
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
		conn, err := dial(args[0])
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
		conn := dialClient(ts, args[0])
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
		conn := dialClient(ts, args[1])
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
	stateOf(ts).clients = conns
}

func cmdHangup(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: hangup")
	}
	state := stateOf(ts)
	if state.clients == nil {
		ts.Fatalf("hangup: no clients")
	}
	for _, c := range state.clients {
		ts.Check(c.Close())
	}
	state.clients = nil
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
	conn := dialClient(ts, args[0])
	defer conn.Close()
	// Write while reading: a long text would fill the buffers otherwise.
	written := make(chan error, 1)
	go func() {
		_, err := io.WriteString(conn, unquote(ts, args[1]))
		if err == nil {
			err = closeWrite(conn)
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
	conn := dialClient(ts, args[0])
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

func cmdPartial(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: partial ADDR TEXT")
	}
	conn := dialClient(ts, args[0])
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
	stateOf(ts).partial = conn
}

func cmdFinish(ts *testscript.TestScript, neg bool, args []string) {
	end := len(args) == 2 && args[0] == "-end"
	if end {
		args = args[1:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: finish [-end] TEXT")
	}
	state := stateOf(ts)
	conn := state.partial
	if conn == nil {
		ts.Fatalf("finish: no partial line")
	}
	state.partial = nil
	_, err := io.WriteString(conn, unquote(ts, args[0]))
	ts.Check(err)
	if end {
		ts.Check(closeWrite(conn))
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
	conn := dialClient(ts, args[0])
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
	ts.Check(closeWrite(conn))
	_, err = io.ReadAll(reader)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "%d lines, one every %s: every one echoed\n", n, every)
}

func cmdHold(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: hold ADDR")
	}
	conn := dialClient(ts, args[0])
	ts.Defer(func() { conn.Close() })
	reader := bufio.NewReader(conn)
	greeting, err := reader.ReadString('\n')
	ts.Check(err)
	ended := make(chan string, 1)
	stateOf(ts).holdEnded = ended
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
	state := stateOf(ts)
	if state.holdEnded == nil {
		ts.Fatalf("held: nothing is held")
	}
	// The connection's deadline bounds the wait.
	fmt.Fprintln(ts.Stdout(), <-state.holdEnded)
	state.holdEnded = nil
}
