package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// start serves on a loopback port until the returned stop is called;
// stop waits for every client to be done and returns how many were cut.
// reads tells of each Read by which the server got bytes. No goroutine
// may outlive the test: goleak checks, last of all.
func start(t *testing.T, lim limits) (addr string, reads <-chan int, stop func() int64) {
	t.Helper()
	t.Cleanup(func() { goleak.VerifyNone(t) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := newServer(lim)
	tap := make(chan int, 100)
	done := make(chan struct{})
	go func() {
		s.accept(tapped{ln.(*net.TCPListener), tap})
		close(done)
	}()
	stopped := false
	stop = func() int64 {
		if !stopped {
			stopped = true
			ln.Close()
			s.shutdown()
			<-done
		}
		return s.cut.Load()
	}
	t.Cleanup(func() { stop() })
	return ln.Addr().String(), tap, stop
}

// read waits until the server has read bytes.
func read(t *testing.T, reads <-chan int) {
	t.Helper()
	select {
	case <-reads:
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not read")
	}
}

func defaults() limits {
	return limits{maxLine: 1024, idle: time.Minute, writeTimeout: time.Minute, maxConns: 10, grace: time.Minute}
}

// greeted connects and reads the greeting.
func greeted(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	greeting, err := r.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "hello\r\n", greeting)
	return conn, r
}

func TestEchoesEachLineAndEndsWithTheClient(t *testing.T) {
	addr, _, _ := start(t, defaults())
	conn, r := greeted(t, addr)
	_, err := io.WriteString(conn, "one\ntwo\r\nthree")
	require.NoError(t, err)
	require.NoError(t, conn.(*net.TCPConn).CloseWrite())
	rest, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "one\ntwo\r\nthree", string(rest))
}

func TestALineTooLongIsToldAndClosed(t *testing.T) {
	lim := defaults()
	lim.maxLine = 8
	addr, _, _ := start(t, lim)
	conn, r := greeted(t, addr)
	_, err := io.WriteString(conn, "ok\n"+strings.Repeat("z", 100)+"\n")
	require.NoError(t, err)
	rest, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "ok\nline too long: over 8 bytes\r\n", string(rest))
}

func TestASilentClientIsToldAndClosed(t *testing.T) {
	lim := defaults()
	lim.idle = 50 * time.Millisecond
	addr, _, _ := start(t, lim)
	_, r := greeted(t, addr)
	rest, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "idle for 50ms: closing\r\n", string(rest))
}

func TestAClientThatNeverReadsIsDropped(t *testing.T) {
	lim := defaults()
	lim.writeTimeout = 50 * time.Millisecond
	addr, _, _ := start(t, lim)
	conn, _ := greeted(t, addr)
	lines := []byte(strings.Repeat(strings.Repeat("x", 1000)+"\n", 100))
	for {
		if _, err := conn.Write(lines); err != nil {
			assert.NotErrorIs(t, err, os.ErrDeadlineExceeded, "the server should have dropped us")
			return
		}
	}
}

func TestClientsBeyondTheLimitAreRefused(t *testing.T) {
	lim := defaults()
	lim.maxConns = 1
	addr, _, _ := start(t, lim)
	first, firstR := greeted(t, addr)
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	refusal, err := io.ReadAll(conn)
	require.NoError(t, err)
	assert.Equal(t, "server busy: 1 client connected, try again later\r\n", string(refusal))

	// The first is served as before.
	_, err = io.WriteString(first, "still here\n")
	require.NoError(t, err)
	echo, err := firstR.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "still here\n", echo)
}

func TestShutdownLetsALineFinishWithinTheGrace(t *testing.T) {
	addr, reads, stop := start(t, defaults())
	idle, idleR := greeted(t, addr)
	busy, busyR := greeted(t, addr)
	_, err := io.WriteString(busy, "half ")
	require.NoError(t, err)
	read(t, reads) // a server that has not read "half " knows of no line

	cut := make(chan int64)
	go func() { cut <- stop() }()
	// The client between lines is closed at once.
	rest, err := io.ReadAll(idleR)
	require.NoError(t, err)
	assert.Equal(t, "server shutting down\r\n", string(rest))
	idle.Close()
	// The one in the middle of a line finishes it, and has its echo.
	_, err = io.WriteString(busy, "line\n")
	require.NoError(t, err)
	rest, err = io.ReadAll(busyR)
	require.NoError(t, err)
	assert.Equal(t, "half line\nserver shutting down\r\n", string(rest))
	busy.Close() // the server reads on until we close: see bye
	assert.Zero(t, <-cut)
}

func TestShutdownCutsALineUnfinishedAfterTheGrace(t *testing.T) {
	lim := defaults()
	lim.grace = 50 * time.Millisecond
	addr, reads, stop := start(t, lim)
	conn, r := greeted(t, addr)
	_, err := io.WriteString(conn, "never ended")
	require.NoError(t, err)
	read(t, reads)
	cut := make(chan int64)
	go func() { cut <- stop() }()
	rest, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "server shutting down\r\n", string(rest))
	conn.Close()
	assert.Equal(t, int64(1), <-cut)
}

// The grace is the most a client may take to finish its line, not more
// time than its limits allow: one silent in the middle of a line is
// still closed when -idle runs out, though the grace would last a minute.
func TestShutdownKeepsTheIdleLimit(t *testing.T) {
	lim := defaults()
	lim.idle = 200 * time.Millisecond
	addr, reads, stop := start(t, lim)
	conn, r := greeted(t, addr)
	_, err := io.WriteString(conn, "half")
	require.NoError(t, err)
	read(t, reads)
	cut := make(chan int64)
	began := time.Now()
	go func() { cut <- stop() }()
	rest, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "server shutting down\r\n", string(rest))
	assert.Less(t, time.Since(began), 10*time.Second, "the client waited for the grace, not for -idle")
	conn.Close()
	assert.Equal(t, int64(1), <-cut)
}

// With -grace 0, a shutdown closes every client at once, and those in the
// middle of a line are cut.
func TestShutdownWithNoGraceClosesEveryClientAtOnce(t *testing.T) {
	lim := defaults()
	lim.grace = 0
	addr, reads, stop := start(t, lim)
	between, betweenR := greeted(t, addr)
	inLine, inLineR := greeted(t, addr)
	_, err := io.WriteString(inLine, "half")
	require.NoError(t, err)
	read(t, reads)
	cut := make(chan int64)
	go func() { cut <- stop() }()
	for _, r := range []*bufio.Reader{betweenR, inLineR} {
		rest, err := io.ReadAll(r)
		require.NoError(t, err)
		assert.Equal(t, "server shutting down\r\n", string(rest))
	}
	between.Close()
	inLine.Close()
	assert.Equal(t, int64(1), <-cut)
}

// tapped is a listener whose connections report the size of each Read
// that brought bytes.
type tapped struct {
	*net.TCPListener
	reads chan<- int
}

func (l tapped) Accept() (net.Conn, error) {
	conn, err := l.TCPListener.AcceptTCP()
	if err != nil {
		return nil, err
	}
	return tappedConn{conn, l.reads}, nil
}

type tappedConn struct {
	*net.TCPConn
	reads chan<- int
}

func (c tappedConn) Read(p []byte) (int, error) {
	n, err := c.TCPConn.Read(p)
	if n > 0 {
		select {
		case c.reads <- n:
		default: // nobody waits for this one
		}
	}
	return n, err
}

func TestBytesThatKeepComingKeepAClientAwake(t *testing.T) {
	lim := defaults()
	lim.idle = 500 * time.Millisecond
	addr, _, _ := start(t, lim)
	conn, r := greeted(t, addr)
	// One line, sent a byte every 100ms: it takes longer than -idle, but
	// the client is never silent that long.
	for _, b := range []byte("slowly\n") {
		time.Sleep(100 * time.Millisecond)
		_, err := conn.Write([]byte{b})
		require.NoError(t, err)
	}
	echo, err := r.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "slowly\n", echo)
}

func TestShutdownDoesNotWaitOutAnUnreadEcho(t *testing.T) {
	lim := defaults()
	lim.grace = 100 * time.Millisecond
	addr, _, stop := start(t, lim)
	conn, _ := greeted(t, addr)
	// Send lines and never read their echo, until our Write has waited
	// 200ms: the server has stopped reading, as its own Write waits for
	// us, for the minute of -write-timeout.
	lines := []byte(strings.Repeat(strings.Repeat("x", 1000)+"\n", 100))
	for {
		conn.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
		_, err := conn.Write(lines)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		require.NoError(t, err)
	}
	// The server may be stuck in its Write, or, if it got no CPU for a
	// while, still reading our last line: it may count a cut or not. What
	// matters is that it does not wait out the minute of -write-timeout.
	began := time.Now()
	stop()
	assert.Less(t, time.Since(began), 10*time.Second, "shutdown waited for -write-timeout")
}

// After thousands of clients have come and gone, reset or ended politely,
// in the middle of a line or between two, the server runs as many
// goroutines as before they came.
func TestGoroutinesReturnToBaselineAfterACrowd(t *testing.T) {
	lim := defaults()
	lim.maxConns = 100 // every client served, none refused
	addr, _, _ := start(t, lim)
	baseline := runtime.NumGoroutine() // the test's, and the accept loop

	var clients sync.WaitGroup
	slots := make(chan struct{}, 50)
	for i := range 2000 {
		slots <- struct{}{}
		clients.Go(func() {
			defer func() { <-slots }()
			conn, err := net.Dial("tcp", addr)
			if !assert.NoError(t, err) {
				return
			}
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			// Half send a line and half a line; half of each reset.
			text := "a line\n"
			if i%2 == 0 {
				text = "half a"
			}
			io.WriteString(conn, text)
			if i%4 < 2 {
				conn.(*net.TCPConn).SetLinger(0)
			} else {
				conn.(*net.TCPConn).CloseWrite()
				io.Copy(io.Discard, conn)
			}
			conn.Close()
		})
	}
	clients.Wait()
	// Each goroutine of a client ends once it has closed; closing takes
	// a moment after the client's end.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	// Fewer is fine: a goroutine of an earlier test may have ended since.
	assert.LessOrEqual(t, runtime.NumGoroutine(), baseline, "goroutines after the crowd")
}
