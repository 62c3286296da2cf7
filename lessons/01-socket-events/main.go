// Command socket-events is lesson 1: the eight events of Node's net.Socket,
// and what each one becomes in Go.
//
// Node tells you what happened through events: 'lookup', 'connect', 'data',
// 'drain', 'end', 'close', 'timeout' and 'error'. Go has no event emitter on
// a socket. You call a method, it blocks until something happens, and what
// happened is its return value: a count of bytes, io.EOF, or an error you
// test with errors.Is. This program walks through the eight events in order,
// one line each, against a peer it starts on a free loopback port (peer.go).
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// drainSize is more than the kernel buffers of both sides can hold, so a
// Write of that much has to wait for the peer to read.
const drainSize = 64 << 20

func main() {
	flags := flag.NewFlagSet("socket-events", flag.ExitOnError)
	addr := flags.String("addr", "", "`host:port` of a peer started with socket-events -serve (default: start one inside this process); with -serve, where to listen (default 127.0.0.1:8125)")
	serve := flags.Bool("serve", false, "only run the peer, until interrupted")
	addrFile := flags.String("addr-file", "", "with -serve, write the bound address to this `file` (handy with port 0)")
	timeout, wait := 100*time.Millisecond, 5*time.Second
	flags.Var((*duration)(&timeout), "timeout", "the `duration` the drain event's first Write and the timeout event's Read wait")
	flags.Var((*duration)(&wait), "wait", "the `duration` each event waits for the peer to answer, or for more of the echo while it comes")
	flags.Parse(os.Args[1:])
	if err := checkFlags(flags, *addr, *serve, timeout, wait); err != nil {
		fmt.Fprintln(os.Stderr, "socket-events:", err)
		flags.Usage()
		os.Exit(2)
	}

	var err error
	if *serve {
		err = runPeer(*addr, *addrFile)
	} else {
		err = walk(*addr, timeout, wait)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "socket-events:", err)
		os.Exit(1)
	}
}

// checkFlags says which part of the command line is wrong, one mistake
// at a time.
func checkFlags(flags *flag.FlagSet, addr string, serve bool, timeout, wait time.Duration) error {
	switch {
	case flags.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", flags.Arg(0))
	case timeout <= 0:
		return fmt.Errorf("-timeout %s: must be above zero", timeout)
	case wait <= 0:
		return fmt.Errorf("-wait %s: must be above zero", wait)
	}
	return checkAddr(addr, serve)
}

// checkAddr accepts host:port, or nothing. The walk starts with a name
// lookup and a TCP port, which a Unix socket does not have. The peer
// (-serve) may listen on every interface (":8125") and any free port
// (port 0).
func checkAddr(addr string, serve bool) error {
	if addr == "" {
		return nil
	}
	if strings.HasPrefix(addr, "unix:") {
		return fmt.Errorf("-addr %s: lesson 1 walks the events of a TCP connection, which start with a host name to look up; give host:port", addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || (host == "" && !serve) {
		return fmt.Errorf("-addr %q is not host:port", addr)
	}
	lowest := 1
	if serve {
		lowest = 0
	}
	if n, err := strconv.Atoi(port); err != nil || n < lowest || n > 65535 {
		return fmt.Errorf("-addr %q: the port must be a number from %d to 65535", addr, lowest)
	}
	return nil
}

// notOurPeer is the error of a step whose answer never came: a server that
// is not socket-events -serve does not answer as the walk needs.
func notOurPeer(step, what string, wait time.Duration) error {
	return fmt.Errorf("%s: %s within %s (is the peer socket-events -serve?)", step, what, wait)
}

// hungUp adds a hint to the error of a peer that ended the connection
// in the middle of the walk. Ours echoes all it is sent; another server
// may hang up on 64 MiB without a newline, as lesson 5's does.
func hungUp(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return fmt.Errorf("%w: the peer hung up before echoing all it was sent (is the peer socket-events -serve?)", err)
	}
	return err
}

// walk triggers each event in turn and prints how Go reports it.
func walk(addr string, timeout, wait time.Duration) error {
	if addr == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		defer ln.Close()
		go acceptPeers(context.Background(), ln, io.Discard)
		// We dial by name, so that there is something to look up.
		addr = fmt.Sprintf("localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}

	// ANCHOR: lookup
	// lookup: Node emits it while connecting; in Go, Dial
	// resolves names silently, so we call the resolver ourselves
	// to see its answer. The context gives up on a name server
	// that does not answer.
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	// ANCHOR: lookup-call
	ips, err := net.DefaultResolver.LookupIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("lookup: %w", err)
	}
	// ANCHOR_END: lookup-call
	ip := ips[0]
	for _, candidate := range ips {
		if candidate.To4() != nil {
			ip = candidate
			break
		}
	}
	fmt.Printf("lookup: net.DefaultResolver.LookupIP found %s for %q\n", ip, host)
	// ANCHOR_END: lookup

	// ANCHOR: connect
	// connect: DialTimeout blocks until the handshake is done,
	// then returns the connection: there is no callback to wait
	// for. Without a timeout, a host that never answers would
	// keep us for minutes.
	target := net.JoinHostPort(ip.String(), port)
	// ANCHOR: connect-call
	conn, err := net.DialTimeout("tcp", target, wait)
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return fmt.Errorf("connect: %s did not answer within %s", target, wait)
	} else if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	// ANCHOR_END: connect-call
	fmt.Printf("connect: net.DialTimeout returned a connection to %s\n", ip)
	// ANCHOR_END: connect

	// ANCHOR: data
	// data: each Read returns the bytes that have arrived so far.
	// Our peer greets at once; another server may say nothing, so
	// we do not wait for ever.
	buf := make([]byte, 4096)
	conn.SetReadDeadline(time.Now().Add(wait))
	n, err := conn.Read(buf)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return notOurPeer("data", "no greeting came", wait)
	} else if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	conn.SetReadDeadline(time.Time{})
	fmt.Printf("data: Read returned %d bytes: %q\n", n, buf[:n])
	// ANCHOR_END: data

	if err := drain(conn, timeout, wait); err != nil {
		return hungUp(err)
	}
	if err := end(conn, wait); err != nil {
		return hungUp(err)
	}

	// ANCHOR: close
	// close: Close releases the socket at once; any later call on
	// it fails with net.ErrClosed, which is how Go code knows a
	// socket is gone.
	conn.Close()
	if _, err := conn.Read(buf); !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("close: Read after Close returned %v, not net.ErrClosed", err)
	}
	fmt.Println("close: after conn.Close, Read fails with net.ErrClosed")
	// ANCHOR_END: close

	if err := timeoutEvent(target, timeout, wait); err != nil {
		return err
	}
	return refused()
}

// ANCHOR: drain
// drain: Node's write queues what the kernel cannot take yet,
// returns false once that queue is past its high-water mark,
// and emits 'drain' when it has emptied. Go's Write has no
// queue: it blocks until the kernel has taken every byte. The
// peer echoes what we send, and we do not read the echo at
// first, so both directions fill up and our Write stalls.
func drain(conn net.Conn, timeout, wait time.Duration) error {
	payload := append(bytes.Repeat([]byte("x"), drainSize-1), '\n')

	// ANCHOR: drain-write
	// A write deadline shows the stall: Write gives up with
	// os.ErrDeadlineExceeded, having sent part of the payload.
	conn.SetWriteDeadline(time.Now().Add(timeout))
	n, err := conn.Write(payload)
	blocked := errors.Is(err, os.ErrDeadlineExceeded)
	// ANCHOR_END: drain-write
	if err != nil && !blocked {
		return fmt.Errorf("drain: %w", err)
	}

	// Now read the echo in a second goroutine, and the rest goes
	// through. The second Write returns once the kernel has the
	// last byte; only the echo, read to the end, shows that the
	// peer received everything.
	peer := patient{conn, wait}
	echoed := make(chan error, 1)
	go func() {
		_, err := io.CopyN(io.Discard, peer, drainSize)
		echoed <- err
	}()
	_, err = peer.Write(payload[n:])
	if echoErr := <-echoed; err == nil {
		err = echoErr
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return notOurPeer("drain", "the echo stopped coming", wait)
	} else if err != nil {
		return fmt.Errorf("drain: %w", err)
	}
	conn.SetDeadline(time.Time{})
	if blocked {
		fmt.Printf("drain: the first Write gave up at its deadline, the buffers full; the second returned once the kernel had the last byte, and all %d MiB came back\n", drainSize>>20)
	} else {
		fmt.Printf("drain: Write returned at once: the buffers held all %d MiB\n", drainSize>>20)
	}
	return nil
}

// ANCHOR_END: drain

// patient is a connection whose every Read and Write gets wait
// afresh: a peer that keeps answering may take as long as it needs,
// and one that falls silent is given up on. Unlike Node's
// socket.setTimeout, one timer that reads and writes both restart,
// each direction keeps its own clock: a Read waits wait at most,
// however many Writes go through meanwhile.
type patient struct {
	net.Conn
	wait time.Duration
}

func (p patient) Read(b []byte) (int, error) {
	p.SetReadDeadline(time.Now().Add(p.wait))
	return p.Conn.Read(b)
}

// Write sends a MiB at a time, each with a fresh deadline: a single
// Write of many MiB would have one deadline for all of them.
func (p patient) Write(b []byte) (int, error) {
	written := 0
	for len(b) > 0 {
		p.SetWriteDeadline(time.Now().Add(p.wait))
		n, err := p.Conn.Write(b[:min(len(b), 1<<20)])
		written += n
		if err != nil {
			return written, err
		}
		b = b[n:]
	}
	return written, nil
}

// ANCHOR: end
// end: the peer's end() is a half-close. Read returns io.EOF,
// but only the peer's direction is finished: we can still
// write. Go never ends our side for us, as Node does unless the
// socket has allowHalfOpen.
func end(conn net.Conn, wait time.Duration) error {
	if _, err := io.WriteString(conn, "bye\r\n"); err != nil {
		return err
	}
	// The peer answers "bye\r\n" and calls CloseWrite; ReadAll
	// stops at EOF. A server that is not our peer never ends its
	// side: don't wait for ever.
	// ANCHOR: end-eof
	conn.SetReadDeadline(time.Now().Add(wait))
	if _, err := io.ReadAll(conn); errors.Is(err, os.ErrDeadlineExceeded) {
		return notOurPeer("end", "the peer did not end its side", wait)
	} else if err != nil {
		return fmt.Errorf("end: %w", err)
	}
	conn.SetReadDeadline(time.Time{})
	if _, err := io.WriteString(conn, "still here\r\n"); err != nil {
		return err
	}
	// ANCHOR_END: end-eof
	fmt.Println(`end: Read returned io.EOF (the peer called CloseWrite), and we could still write "still here\r\n"`)
	return nil
}

// ANCHOR_END: end

// ANCHOR: timeout
// timeout: Node's setTimeout on a socket is an idle timer that
// only emits 'timeout'. A Go deadline is a point in time: a
// Read still blocked then returns os.ErrDeadlineExceeded, and
// the connection stays usable once the deadline is cleared.
func timeoutEvent(target string, timeout, wait time.Duration) error {
	conn, err := net.DialTimeout("tcp", target, wait)
	if err != nil {
		return fmt.Errorf("timeout: %w", err)
	}
	defer conn.Close()
	reader := bufio.NewReader(conn)
	// answer reads a line our peer sends at once and another
	// server may never send: it gives up after wait.
	answer := func(what string) (string, error) {
		conn.SetReadDeadline(time.Now().Add(wait))
		line, err := reader.ReadString('\n')
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return "", notOurPeer("timeout", what+" did not come", wait)
		} else if err != nil {
			return "", fmt.Errorf("timeout: %w", err)
		}
		return line, nil
	}
	if _, err := answer("the greeting"); err != nil {
		return err
	}

	// ANCHOR: timeout-deadline
	conn.SetReadDeadline(time.Now().Add(timeout))
	if _, err := reader.ReadByte(); !errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("timeout: a Read with a deadline returned %v, not os.ErrDeadlineExceeded", err)
	}
	conn.SetReadDeadline(time.Time{})
	// ANCHOR_END: timeout-deadline

	if _, err := io.WriteString(conn, "ping\r\n"); err != nil {
		return fmt.Errorf("timeout: %w", err)
	}
	echo, err := answer("the echo of ping")
	if err != nil {
		return err
	}
	fmt.Printf("timeout: Read failed with os.ErrDeadlineExceeded after %s, then the same connection echoed %q\n", timeout, echo)
	return nil
}

// ANCHOR_END: timeout

// ANCHOR: error
// error: a failure comes back as an error value. errors.Is
// looks through the *net.OpError wrapping to the system's
// ECONNREFUSED.
func refused() error {
	// Nobody answers on a port we have just stopped listening on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	closedAddr := ln.Addr().String()
	ln.Close()

	// ANCHOR: error-dial
	_, err = net.Dial("tcp", closedAddr)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("error: dialling a closed port returned %v, not ECONNREFUSED", err)
	}
	// ANCHOR_END: error-dial
	fmt.Println("error: net.Dial to a closed port failed, and errors.Is(err, syscall.ECONNREFUSED) is true")
	return nil
}

// ANCHOR_END: error
