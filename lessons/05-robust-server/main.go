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

func run(addr, addrFile string, lim limits) error {
	ctx := untilInterrupted()
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
	s := &server{limits: lim, ctx: ctx}
	context.AfterFunc(ctx, func() { ln.Close() })
	s.accept(ln)
	fmt.Printf("server closed: %d cut in the middle of a line\n", s.cut.Load())
	return nil
}

// untilInterrupted returns a context cancelled by the first Ctrl-C (or
// SIGTERM). A second one is for whoever cannot wait for the grace: the
// server exits at once.
func untilInterrupted() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		cancel()
		<-signals
		fmt.Fprintln(os.Stderr, "robust-server: interrupted again: exiting without waiting for the clients")
		os.Exit(1)
	}()
	return ctx
}

// server serves clients until its context is cancelled.
type server struct {
	limits
	ctx      context.Context
	graceEnd func() time.Time // when the grace on shutdown ends
	cut      atomic.Int64     // clients cut in the middle of a line
}

// ANCHOR: accept
// accept serves each client in a goroutine of its own, as many as
// maxConns at once, until the listener is closed; then it waits for
// the clients still served.
func (s *server) accept(ln net.Listener) {
	// The grace starts when the first one asks when it ends.
	s.graceEnd = sync.OnceValue(func() time.Time { return time.Now().Add(s.grace) })
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
	w := s.watch(conn)
	defer w.stop()

	c := &client{Conn: conn, s: s}
	c.lines = newLineReader(c, s.maxLine)
	var lines []byte
	err := s.echo(conn, []byte("hello\r\n"))
	for err == nil {
		// Every whole line that has come goes back in one Write: a
		// client that sends many lines at once costs one system call
		// for them all, not one each.
		lines, err = c.lines.next()
		if err == nil {
			err = s.echo(conn, lines)
		}
	}
	// A goodbye has deadlines of its own: the shutdown must not touch
	// them. With a deadline's error, lines is what had come of a line
	// cut short.
	w.stop()
	s.report(conn, err, len(lines) > 0)
}

// watch looks after a client on shutdown. It wakes a Read that waits,
// so that it looks again at how long it may wait (see Read); and when the
// grace ends, it stops a Write that still waits for the client to read.
func (s *server) watch(conn net.Conn) *watcher {
	w := &watcher{}
	w.stopWaking = context.AfterFunc(s.ctx, func() {
		w.unlessStopped(func() { conn.SetReadDeadline(time.Now()) })
		time.AfterFunc(time.Until(s.graceEnd()), func() {
			w.unlessStopped(func() { conn.SetWriteDeadline(time.Now()) })
		})
	})
	return w
}

type watcher struct {
	stopWaking func() bool
	mu         sync.Mutex
	stopped    bool
}

func (w *watcher) unlessStopped(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.stopped {
		f()
	}
}

// stop ends the watch: once it returns, the watcher sets no deadline.
func (w *watcher) stop() {
	w.stopWaking()
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
}

// ANCHOR_END: serve

// ANCHOR: deadlines
// client is a connection whose Reads wait no longer than they may.
type client struct {
	net.Conn
	s     *server
	lines *lineReader // what has come of the line being read
}

// Read waits for the client's bytes for the idle time at most: set
// afresh before each Read, the deadline restarts the clock whenever bytes
// come, as Node's setTimeout does. Node's restarts on writes too; here the
// next Read, and its clock, starts once the echo is written. On shutdown,
// a client between two lines has nothing in flight and waits no more; one
// in the middle of a line has until the grace ends.
func (c *client) Read(p []byte) (int, error) {
	for {
		deadline := c.readDeadline()
		c.SetReadDeadline(deadline)
		if c.s.ctx.Err() != nil {
			// The shutdown may have woken us before we set ours.
			deadline = c.readDeadline()
			c.SetReadDeadline(deadline)
		}
		n, err := c.Conn.Read(p)
		if errors.Is(err, os.ErrDeadlineExceeded) && time.Now().Before(deadline) {
			continue // woken by the shutdown: look again
		}
		return n, err
	}
}

func (c *client) readDeadline() time.Time {
	idle := time.Now().Add(c.s.idle)
	switch {
	case c.s.ctx.Err() == nil:
		return idle
	case !c.lines.midLine():
		return time.Now()
	default:
		return minTime(idle, c.s.graceEnd())
	}
}

// echo writes b back. Write waits while the client does not read, as
// Node's 'drain' would make us; the deadline bounds the wait, and a
// client that still has not read is dropped.
func (s *server) echo(conn net.Conn, b []byte) error {
	conn.SetWriteDeadline(s.writeDeadline())
	if s.ctx.Err() != nil {
		// The grace may have ended before we set ours.
		conn.SetWriteDeadline(s.writeDeadline())
	}
	_, err := conn.Write(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return errNotReading
	}
	return err
}

// writeDeadline is how long the next Write may wait: the write timeout,
// and on shutdown no later than the end of the grace.
func (s *server) writeDeadline() time.Time {
	deadline := time.Now().Add(s.writeTimeout)
	if s.ctx.Err() != nil {
		return minTime(deadline, s.graceEnd())
	}
	return deadline
}

// ANCHOR_END: deadlines

var errNotReading = errors.New("not reading")

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// ANCHOR: report
// report says how a client's connection ended, on our log and, where it
// can still hear, to the client. midLine says whether a line had begun
// to arrive and not ended.
func (s *server) report(conn net.Conn, err error, midLine bool) {
	switch {
	case errors.Is(err, io.EOF):
		fmt.Println("client disconnected")
	case errors.Is(err, errLineTooLong):
		fmt.Println("client closed:", err)
		bye(conn, err.Error())
	case errors.Is(err, errNotReading) && s.ctx.Err() != nil:
		fmt.Println("client dropped: its echo unread as the server shut down")
	case errors.Is(err, errNotReading):
		// It does not read: nothing we write would reach it.
		fmt.Printf("client dropped: its echo unread for %s\n", s.writeTimeout)
	case errors.Is(err, os.ErrDeadlineExceeded) && s.ctx.Err() != nil:
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
