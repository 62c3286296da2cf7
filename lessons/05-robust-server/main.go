// Command robust-server is lesson 5: the echo server of lesson 3, grown
// up for clients that are not friendly. It greets each client and echoes
// each line the client sends, and it holds every client to limits: a line
// has a length, silence has a time, a client that does not read its echo
// is dropped, and only so many are served at once. On Ctrl-C it lets the
// clients finish the line they are sending.
//
// Node's socket gives most of these as options and events: setTimeout
// and 'timeout', write() returning false and 'drain', maxConnections.
// In Go each is a deadline or a count, checked where the server waits.
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
	var lim limits
	flags.IntVar(&lim.maxLine, "max-line", 1024, "the longest line, in `bytes`, its end not counted")
	flags.DurationVar(&lim.idle, "idle", 30*time.Second, "close a client silent for this long")
	flags.DurationVar(&lim.writeTimeout, "write-timeout", 10*time.Second, "drop a client that leaves its echo unread for this long")
	flags.IntVar(&lim.maxConns, "max-conns", 100, "turn away clients beyond this many at once")
	flags.DurationVar(&lim.grace, "grace", 5*time.Second, "on Ctrl-C, how long clients may take to finish the line they are sending")
	flags.Parse(os.Args[1:])
	err := checkAddr(*addr)
	if flags.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q", flags.Arg(0))
	} else if err == nil {
		err = lim.check()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "robust-server:", err)
		flags.Usage()
		os.Exit(2)
	}
	if err := run(*addr, *addrFile, lim); err != nil {
		fmt.Fprintln(os.Stderr, "robust-server:", err)
		os.Exit(1)
	}
}

// check tells a limit that would let no client in, or close every one
// at once, from a server that cannot start.
func (lim limits) check() error {
	switch {
	case lim.maxLine < 1:
		return fmt.Errorf("-max-line %d: a line must be allowed at least 1 byte", lim.maxLine)
	case lim.maxConns < 1:
		return fmt.Errorf("-max-clients %d: at least 1 client must be served", lim.maxConns)
	case lim.idle <= 0:
		return fmt.Errorf("-idle %s: must be above zero", lim.idle)
	case lim.writeTimeout <= 0:
		return fmt.Errorf("-write-timeout %s: must be above zero", lim.writeTimeout)
	case lim.grace < 0:
		return fmt.Errorf("-grace %s: must not be below zero (0 closes every client at once)", lim.grace)
	}
	return nil
}

func run(addr, addrFile string, lim limits) error {
	// Listening for the signals comes first: a script may send one as
	// soon as the address file is written.
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
	s := &server{limits: lim}
	context.AfterFunc(interrupted, func() {
		exitOnSecondSignal()
		stop()
		ln.Close()
		s.shutdown()
	})
	s.accept(ln)
	fmt.Printf("server closed: %d cut in the middle of a line\n", s.cut.Load())
	return nil
}

// exitOnSecondSignal is for whoever cannot wait for the grace: a second
// Ctrl-C ends the server at once.
func exitOnSecondSignal() {
	again := make(chan os.Signal, 1)
	signal.Notify(again, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-again
		fmt.Fprintln(os.Stderr, "robust-server: interrupted again: exiting without waiting for the clients")
		os.Exit(1)
	}()
}

// ANCHOR: server
// server serves clients, and keeps the set of them with the state of
// each, as net/http's Server does: a shutdown closes the clients that
// are between two lines, and lets the others finish theirs.
type server struct {
	limits
	mu           sync.Mutex
	clients      map[*client]clientState
	shuttingDown bool
	graceEnd     time.Time    // set when the shutdown begins
	cut          atomic.Int64 // clients cut in the middle of a line
}

type clientState int

const (
	betweenLines clientState = iota // between two lines: nothing of a line has come
	inLine                          // bytes of a line have come, and not yet its echo
)

// ANCHOR_END: server

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
// refusals as clients served may take their time, two seconds at most, to
// say goodbye without a reset (see bye); beyond that, a crowd gets its
// line and the door at once, so that it cannot hold more descriptors
// than that.
func (s *server) refuse(conn net.Conn, refusals chan struct{}, clients *sync.WaitGroup) {
	why := fmt.Sprintf("server busy: %d clients connected, try again later", s.maxConns)
	select {
	case refusals <- struct{}{}:
		clients.Go(func() {
			defer func() { <-refusals }()
			bye(conn, why)
		})
	default:
		// A new connection's buffers are empty: the line goes at once.
		conn.SetWriteDeadline(time.Now().Add(10 * time.Millisecond))
		io.WriteString(conn, why+"\r\n")
		conn.Close()
	}
}

// ANCHOR: serve
// serve echoes a client's lines until the client ends its side, breaks
// a limit, or the server shuts down.
func (s *server) serve(conn net.Conn) {
	defer conn.Close()
	fmt.Println("client connected")
	c := s.track(conn)
	lines := newLineReader(c, s.maxLine)
	err := c.echo([]byte("hello\r\n"))
	for err == nil {
		// Every whole line that has come goes back in one Write: a
		// client that sends many lines at once costs one system call
		// for them all, not one each.
		var batch []byte
		if batch, err = lines.next(); err == nil {
			err = c.echo(batch)
		}
		if err == nil && !lines.midLine() {
			s.setState(c, betweenLines)
		}
	}
	// The client leaves the set before its goodbye, whose deadlines are
	// its own: the end of the grace must not cut it short.
	s.report(conn, err, s.leave(c))
}

// ANCHOR_END: serve

// ANCHOR: client
// client is a client's connection: its Reads and Writes wait no longer
// than the server allows, and its Reads tell the server when a line
// begins.
type client struct {
	net.Conn
	s *server
}

// Read waits for the client's bytes for the idle time at most: set
// afresh before each Read, the deadline restarts the clock whenever bytes
// come, as Node's setTimeout does. Node's restarts on writes too; here the
// next Read, and its clock, starts once the echo is written.
func (c *client) Read(p []byte) (int, error) {
	c.s.mu.Lock()
	c.SetReadDeadline(c.s.readDeadline(c))
	c.s.mu.Unlock()
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.s.setState(c, inLine)
	}
	return n, err
}

// echo writes b back. Write waits while the client does not read, as
// Node's 'drain' would make us; the deadline bounds the wait, and a
// client that still has not read is dropped.
func (c *client) echo(b []byte) error {
	c.s.mu.Lock()
	c.SetWriteDeadline(c.s.deadline(c.s.writeTimeout))
	c.s.mu.Unlock()
	_, err := c.Write(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return errNotReading
	}
	return err
}

var errNotReading = errors.New("not reading")

// readDeadline is how long c's next Read may wait. On shutdown, a client
// between two lines has nothing in flight and waits no more.
func (s *server) readDeadline(c *client) time.Time {
	if s.shuttingDown && s.clients[c] == betweenLines {
		return time.Now()
	}
	return s.deadline(s.idle)
}

// deadline is the time after a wait, but on shutdown no later than the
// end of the grace. The server's mutex is held: the shutdown cannot
// begin between the moment this is decided and the moment it is set.
func (s *server) deadline(wait time.Duration) time.Time {
	d := time.Now().Add(wait)
	if s.shuttingDown && s.graceEnd.Before(d) {
		return s.graceEnd
	}
	return d
}

// ANCHOR_END: client

// ANCHOR: set
// track adds a client to the server's set, idle: it has sent nothing.
func (s *server) track(conn net.Conn) *client {
	c := &client{Conn: conn, s: s}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clients == nil {
		s.clients = make(map[*client]clientState)
	}
	s.clients[c] = betweenLines
	return c
}

func (s *server) setState(c *client, state clientState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c] = state
}

// leave takes a client out of the set, and says where it had been.
func (s *server) leave(c *client) clientState {
	s.mu.Lock()
	defer s.mu.Unlock()
	state := s.clients[c]
	delete(s.clients, c)
	return state
}

// ANCHOR_END: set

// ANCHOR: shutdown
// shutdown wakes every client between two lines: its Read returns at
// once, and it is told goodbye. A client in the middle of a line reads
// on, with deadlines no later than the end of the grace; one timer then
// wakes every Read and Write of the clients still in the set, and those
// clients are cut.
func (s *server) shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shuttingDown = true
	s.graceEnd = time.Now().Add(s.grace)
	for c, state := range s.clients {
		if state == betweenLines {
			c.SetReadDeadline(time.Now())
		}
	}
	time.AfterFunc(s.grace, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for c := range s.clients {
			c.SetDeadline(time.Now())
		}
	})
}

func (s *server) isShuttingDown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shuttingDown
}

// ANCHOR_END: shutdown

// ANCHOR: report
// report says how a client's connection ended, on our log and, where it
// can still hear, to the client. state is where the client was when it
// ended: in the middle of a line, or between two.
func (s *server) report(conn net.Conn, err error, state clientState) {
	shuttingDown := s.isShuttingDown()
	switch {
	case errors.Is(err, io.EOF):
		fmt.Println("client disconnected")
	case errors.Is(err, errLineTooLong):
		fmt.Println("client closed:", err)
		bye(conn, err.Error())
	case errors.Is(err, errNotReading) && shuttingDown:
		fmt.Println("client dropped: its echo unread as the server shut down")
	case errors.Is(err, errNotReading):
		// It does not read: nothing we write would reach it.
		fmt.Printf("client dropped: its echo unread for %s\n", s.writeTimeout)
	case errors.Is(err, os.ErrDeadlineExceeded) && shuttingDown:
		if state == inLine {
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

// ANCHOR_END: report

// ANCHOR: bye
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

// ANCHOR_END: bye
