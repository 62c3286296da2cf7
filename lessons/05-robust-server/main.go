// Command robust-server is lesson 5: lesson 3's echo server, grown up for
// clients that are not friendly. A line has a length, silence has a time,
// a client that does not read its echo is dropped, and only so many are
// served at once. On Ctrl-C, clients may finish the line they are sending.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// limits are what the server holds each client to.
type limits struct {
	maxLine      int           // bytes in a line, its end not counted
	idle         time.Duration // silence before a client is closed
	writeTimeout time.Duration // how long an echo may wait for the client to read
	maxConns     int           // clients served at once
	grace        time.Duration // on shutdown, to finish the line in flight
}

func main() {
	flags := flag.NewFlagSet("robust-server", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:8128", "`address` to listen on: host:port (\":8128\" for every interface) or unix:/path/to.sock")
	addrFile := flags.String("addr-file", "", "once listening, write the bound address to this `file` (handy with port 0)")
	lim := limits{idle: 30 * time.Second, writeTimeout: 10 * time.Second, grace: 5 * time.Second}
	flags.IntVar(&lim.maxLine, "max-line", 1024, "the longest line, in `bytes`, its end not counted")
	flags.Var((*duration)(&lim.idle), "idle", "close a client silent for this `duration`")
	flags.Var((*duration)(&lim.writeTimeout), "write-timeout", "drop a client that leaves its echo unread for this `duration`")
	flags.IntVar(&lim.maxConns, "max-conns", 100, "turn away clients beyond this many at once")
	flags.Var((*duration)(&lim.grace), "grace", "on Ctrl-C, the `duration` clients may take to finish the line they are sending")
	flags.Parse(os.Args[1:])
	if err := checkFlags(flags, *addr, lim); err != nil {
		fmt.Fprintln(os.Stderr, "robust-server:", err)
		flags.Usage()
		os.Exit(2)
	}
	if err := run(*addr, *addrFile, lim); err != nil {
		fmt.Fprintln(os.Stderr, "robust-server:", err)
		os.Exit(1)
	}
}

// checkFlags tells a mistyped flag, or a limit that would let no client
// in, from a server that cannot start.
func checkFlags(flags *flag.FlagSet, addr string, lim limits) error {
	switch {
	case flags.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", flags.Arg(0))
	case lim.maxLine < 1:
		return fmt.Errorf("-max-line %d: a line must be allowed at least 1 byte", lim.maxLine)
	case lim.maxConns < 1:
		return fmt.Errorf("-max-conns %d: at least 1 client must be served", lim.maxConns)
	case lim.idle <= 0:
		return fmt.Errorf("-idle %s: must be above zero", lim.idle)
	case lim.writeTimeout <= 0:
		return fmt.Errorf("-write-timeout %s: must be above zero", lim.writeTimeout)
	case lim.grace < 0:
		return fmt.Errorf("-grace %s: must not be below zero (0 closes every client at once)", lim.grace)
	}
	return checkAddr(addr)
}

func run(addr, addrFile string, lim limits) error {
	// Caught from the start: a script may send Ctrl-C once it reads the
	// address file.
	interrupted, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	fmt.Println("server bound")
	if addrFile != "" {
		if err := writeAddrFile(addrFile, ln.Addr()); err != nil {
			ln.Close()
			return err
		}
	}
	s := newServer(lim)
	context.AfterFunc(interrupted, func() {
		// A second Ctrl-C is for whoever cannot wait for the grace.
		again, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		context.AfterFunc(again, func() {
			fmt.Fprintln(os.Stderr, "robust-server: interrupted again: exiting without waiting for the clients")
			os.Exit(1)
		})
		ln.Close()
		s.shutdown()
	})
	s.accept(ln)
	fmt.Printf("server closed: %d cut in the middle of a line\n", s.cut.Load())
	return nil
}

// ANCHOR: accept
// accept serves each client in a goroutine of its own, as many as
// maxConns at once, until the listener is closed; then it waits for
// the clients still served.
func (s *server) accept(ln net.Listener) {
	var clients sync.WaitGroup
	defer clients.Wait()
	slots := make(chan struct{}, s.maxConns)
	refusals := make(chan struct{}, s.maxConns)
	pause := 5 * time.Millisecond
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			// Out of file descriptors, say: wait a little, longer
			// each time, until clients have left.
			fmt.Fprintln(os.Stderr, "robust-server: accept:", err)
			time.Sleep(pause)
			pause = min(2*pause, time.Second)
			continue
		}
		pause = 5 * time.Millisecond
		select {
		case slots <- struct{}{}:
			clients.Go(func() {
				defer func() { <-slots }()
				s.serve(conn)
			})
		default:
			fmt.Printf("client refused: %d connected already\n", s.maxConns)
			s.refuse(conn, refusals, &clients)
		}
	}
}

// ANCHOR_END: accept

// refuse tells a client beyond maxConns that the server is busy. As many
// refusals as clients served may take their time to say goodbye without a
// reset (see bye); beyond that, a crowd gets its line and the door at
// once, so that it cannot hold more descriptors.
func (s *server) refuse(conn net.Conn, refusals chan struct{}, clients *sync.WaitGroup) {
	why := fmt.Sprintf("server busy: %s connected, try again later", count(s.maxConns, "client"))
	select {
	case refusals <- struct{}{}:
		clients.Go(func() {
			defer func() { <-refusals }()
			bye(conn, why)
		})
	default:
		conn.SetWriteDeadline(time.Now().Add(10 * time.Millisecond))
		io.WriteString(conn, why+"\r\n") // the buffers are empty: it goes at once
		conn.Close()
	}
}

// ANCHOR: serve
// serve echoes a client's lines until the client ends its side, breaks
// a limit, or the server shuts down.
func (s *server) serve(conn net.Conn) {
	defer conn.Close()
	fmt.Println("client connected")
	_, err := io.WriteString(conn, "hello\r\n") // the buffers are empty: it goes at once
	c := &client{Conn: conn, s: s}
	s.setState(c, betweenLines)
	lines := newLineReader(c, s.maxLine)
	for err == nil {
		var batch []byte
		if batch, err = lines.next(); err == nil {
			err = c.echo(batch)
		}
		if err == nil && !lines.midLine() { // echoed, and nothing of the next line yet
			s.setState(c, betweenLines)
		}
	}
	midLine, shuttingDown := s.leave(c)
	s.report(conn, err, midLine, shuttingDown)
}

// client is a client's connection, whose Reads and Writes wait no longer
// than the server allows.
type client struct {
	net.Conn
	s *server
}

// Read waits for the client's bytes for the idle time at most: set
// afresh before each Read, the deadline restarts the clock whenever bytes
// come, as Node's setTimeout does (Node's restarts on writes too).
func (c *client) Read(p []byte) (int, error) {
	c.s.setDeadline(c, c.SetReadDeadline, c.s.idle)
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.s.setState(c, inLine)
	}
	return n, err
}

var errNotReading = errors.New("not reading")

// echo writes b back. Write waits while the client does not read, as
// Node's 'drain' would make us; the deadline bounds the wait.
func (c *client) echo(b []byte) error {
	c.s.setDeadline(c, c.SetWriteDeadline, c.s.writeTimeout)
	_, err := c.Write(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return errNotReading
	}
	return err
}

// ANCHOR_END: serve

// ANCHOR: shutdown
// server serves clients. Like net/http's Server, it keeps the set of its
// clients with the state of each, so that a shutdown can close those
// between two lines at once and let the others finish theirs.
type server struct {
	limits
	cut          atomic.Int64 // clients cut in the middle of a line
	mu           sync.Mutex   // guards the fields below
	clients      map[*client]clientState
	shuttingDown bool // a client between two lines waits no more
	graceOver    bool // no client waits any more
}

type clientState int

const (
	betweenLines clientState = iota // nothing of a line has come
	inLine                          // bytes of a line have come, and not yet its echo
)

func newServer(lim limits) *server {
	return &server{limits: lim, clients: map[*client]clientState{}}
}

// shutdown ends the Read of each client between two lines, which had
// nothing in flight and hears goodbye. The others go on, within their
// limits, until the grace is over.
func (s *server) shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shuttingDown = true
	for c, state := range s.clients {
		if state == betweenLines {
			c.SetReadDeadline(time.Now())
		}
	}
	time.AfterFunc(s.grace, s.endGrace)
}

// endGrace ends every Read and Write of the clients still here.
func (s *server) endGrace() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.graceOver = true
	for c := range s.clients {
		c.SetDeadline(time.Now())
	}
}

// setDeadline sets the deadline of a client's next Read or Write, wait
// from now: or now, for a client between two lines once the server shuts
// down, and for every client once the grace is over. Under the mutex, it
// cannot miss a shutdown that begins in between.
func (s *server) setDeadline(c *client, set func(time.Time) error, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	deadline := time.Now().Add(wait)
	if s.graceOver || s.shuttingDown && s.clients[c] == betweenLines {
		deadline = time.Now()
	}
	set(deadline)
}

func (s *server) setState(c *client, state clientState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c] = state
}

// leave takes a client out of the set before its goodbye, so that its
// deadlines are the goodbye's own.
func (s *server) leave(c *client) (midLine, shuttingDown bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	midLine = s.clients[c] == inLine
	delete(s.clients, c)
	return midLine, s.shuttingDown
}

// ANCHOR_END: shutdown

// report says how a client's connection ended, on our log and, where it
// can still hear, to the client.
func (s *server) report(conn net.Conn, err error, midLine, shuttingDown bool) {
	switch {
	case errors.Is(err, io.EOF):
		fmt.Println("client disconnected")
	case errors.Is(err, errLineTooLong):
		fmt.Println("client closed:", err)
		bye(conn, err.Error())
	case errors.Is(err, errNotReading) && shuttingDown:
		fmt.Println("client dropped: its echo unread as the server shut down")
	case errors.Is(err, errNotReading): // nothing we write would reach it
		fmt.Printf("client dropped: its echo unread for %s\n", s.writeTimeout)
	case errors.Is(err, os.ErrDeadlineExceeded) && shuttingDown:
		if midLine {
			s.cut.Add(1)
		}
		fmt.Println("client closed: server shutting down")
		bye(conn, "server shutting down")
	case errors.Is(err, os.ErrDeadlineExceeded):
		fmt.Printf("client closed: idle for %s\n", s.idle)
		bye(conn, fmt.Sprintf("idle for %s: closing", s.idle))
	default:
		fmt.Fprintln(os.Stderr, "robust-server: client error:", reason(err))
	}
}

// bye sends a last line and closes. Closing with bytes of the client
// still unread would send a reset, and the client would read an error
// after our line instead of the end: so we end our side, and read what
// still comes, for a second at most, before we close.
func bye(conn net.Conn, why string) {
	defer conn.Close()
	conn.SetWriteDeadline(time.Now().Add(time.Second))
	if _, err := io.WriteString(conn, why+"\r\n"); err != nil {
		return
	}
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	conn.SetReadDeadline(time.Now().Add(time.Second))
	io.Copy(io.Discard, conn)
}

// count is n with its noun, which takes an s but for one: "1 client",
// "2 clients". -max-conns 1 and -max-line 1 are allowed.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
