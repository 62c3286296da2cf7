package tcpgo

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// A recording proxy stands between a client and a server in a script, and
// writes down the exchange: who connected, what each side sent, in what
// order, and when each side ended. The docs draw their sequence diagrams
// from it.
//
//	proxy ADDR VAR [DELAY [WHY]]  listen on a free port, forward to ADDR, set $VAR
//	proxy-trace FILE [WANT]       wait for the connection to end, write the trace
//
// With DELAY, a reply the server sent at least DELAY after the client's last
// message is preceded by "server waits", followed by WHY if given (the flag
// that made it wait, say). A timer never fires early, so the line is there
// exactly when the server really waited.
//
// TCP does not order the two directions against each other: when both sides
// send at once, either may be seen first. So if the trace holds the same
// events as the golden file WANT, in the same order within each direction,
// proxy-trace writes WANT's order, and `cmp FILE WANT` passes; otherwise it
// writes what it saw, for cmp to show (and -update to keep).
type recorder struct {
	mu     sync.Mutex
	delay  time.Duration
	waits  string // the event of a wait: "server waits", then why
	events []string
	last   time.Time // when the client last sent
	done   chan struct{}
}

func (r *recorder) add(event string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event)
}

func cmdProxy(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 4 {
		ts.Fatalf("usage: proxy addr VAR [delay [why]]")
	}
	rec := &recorder{done: make(chan struct{}), waits: "server waits"}
	if len(args) >= 3 {
		d, err := time.ParseDuration(args[2])
		ts.Check(err)
		rec.delay = d
	}
	if len(args) == 4 {
		rec.waits += " " + args[3]
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	ts.Setenv(args[1], ln.Addr().String())
	ts.Defer(func() { ln.Close() })
	stateOf(ts).proxy = rec

	go func() {
		defer close(rec.done)
		client, err := ln.Accept()
		ln.Close()
		if err != nil {
			return
		}
		defer client.Close()
		rec.mu.Lock()
		rec.events = append(rec.events, "client connects")
		rec.last = time.Now() // the client's first act: a greeting is no wait
		rec.mu.Unlock()
		server, err := dial(args[0])
		if err != nil {
			rec.add("proxy error: " + err.Error())
			return
		}
		defer server.Close()
		var pumps sync.WaitGroup
		pumps.Go(func() { rec.pump("client", client, server) })
		pumps.Go(func() { rec.pump("server", server, client) })
		pumps.Wait()
		rec.add("closed")
	}()
}

// pump copies one direction, recording each chunk, then the sender's end.
func (r *recorder) pump(from string, src, dst net.Conn) {
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			r.mu.Lock()
			now := time.Now()
			if from == "client" {
				r.last = now
			} else if r.delay > 0 && now.Sub(r.last) >= r.delay {
				r.events = append(r.events, r.waits)
			}
			r.events = append(r.events, fmt.Sprintf("%s sends %q", from, buf[:n]))
			r.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				r.add(from + " write error")
				return
			}
		}
		if err != nil {
			if err == io.EOF {
				r.add(from + " ends")
			} else {
				r.add(from + " error")
			}
			closeWrite(dst)
			return
		}
	}
}

func cmdProxyTrace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: proxy-trace file [want]")
	}
	state := stateOf(ts)
	rec := state.proxy
	if rec == nil {
		ts.Fatalf("proxy-trace: no proxy started")
	}
	state.proxy = nil
	select {
	case <-rec.done:
	case <-time.After(waitTimeout):
		ts.Fatalf("proxy-trace: the connection did not end within %s", waitTimeout)
	}
	got := rec.events
	if len(args) == 2 {
		want := strings.Split(strings.TrimSuffix(ts.ReadFile(args[1]), "\n"), "\n")
		if sameExchange(got, want) {
			got = want
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Join(got, "\n")+"\n"), 0o644))
}

// sameExchange reports whether a and b hold the same events with the same
// order in each direction. Data is compared as a byte stream per
// direction, since TCP may cut it into chunks differently from run to run.
func sameExchange(a, b []string) bool {
	return project(a, "client") == project(b, "client") && project(a, "server") == project(b, "server")
}

// project is one side's view of a trace: what it sent, run together, and
// the other events of that side in order.
func project(events []string, side string) string {
	var out strings.Builder
	var data strings.Builder
	flush := func() {
		if data.Len() > 0 {
			fmt.Fprintf(&out, "data %q\n", data.String())
			data.Reset()
		}
	}
	for _, e := range events {
		if payload, ok := strings.CutPrefix(e, side+" sends "); ok {
			s, err := strconv.Unquote(payload)
			if err != nil {
				return "bad event: " + e
			}
			data.WriteString(s)
			continue
		}
		if strings.HasPrefix(e, side+" ") || e == "closed" {
			flush()
			out.WriteString(e + "\n")
		}
	}
	flush()
	return out.String()
}
