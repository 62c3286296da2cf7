package tcpgo

// The reliability suite: crowds of unfriendly clients against the servers
// of lessons 3, 4 and 5, on loopback, each phase followed by two checks:
// the server's descriptors are back to what they were before, and it
// still answers a normal client. `make test` runs it small; `make soak`
// (SOAK=1, without the race detector) at full size. Each phase logs its
// figures: go test -v shows them.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/procfs"
)

// crowd is how many clients each phase sends.
type crowd struct {
	echoClients int // each echoing echoBytes, all connected at once
	echoBytes   int
	resets      int // clients that connect and reset
	idle        int // clients that connect and say nothing
	floodConns  int // talkers flooding talk-server, each with floodMsgs
	floodMsgs   int
	idleTimeout time.Duration // robust-server's -idle for the idle crowd
}

func crowdSize() crowd {
	if os.Getenv("SOAK") != "" {
		return crowd{echoClients: 1000, echoBytes: 64 << 10, resets: 2000, idle: 1000,
			floodConns: 100, floodMsgs: 1000, idleTimeout: 2 * time.Second}
	}
	return crowd{echoClients: 30, echoBytes: 64 << 10, resets: 60, idle: 30,
		floodConns: 10, floodMsgs: 200, idleTimeout: time.Second}
}

// prompt is how long a fresh client may wait for its answer while a crowd
// is connected: a person would call a longer wait a hang.
const prompt = time.Second

func TestReliability(t *testing.T) {
	t.Parallel()
	size := crowdSize()
	t.Run("tcp-server", func(t *testing.T) {
		t.Parallel()
		s := startServer(t, "tcp-server")
		s.echoCrowd(t, size)
		s.resetCrowd(t, size.resets)
		s.idleCrowd(t, size.idle, 0)
	})
	t.Run("talk-server", func(t *testing.T) {
		t.Parallel()
		s := startServer(t, "talk-server", "-delay", "10ms")
		s.resetCrowd(t, size.resets)
		s.idleCrowd(t, size.idle, 0)
		s.flood(t, size.floodConns, size.floodMsgs)
	})
	t.Run("robust-server", func(t *testing.T) {
		t.Parallel()
		room := strconv.Itoa(size.echoClients + size.idle)
		s := startServer(t, "robust-server", "-max-conns", room)
		s.echoCrowd(t, size)
		s.resetCrowd(t, size.resets)
		// Short limits get a server each: the echo crowd waits in silence
		// for its last member to connect, and reads slowly when the
		// machine is busy.
		deaf := startServer(t, "robust-server", "-write-timeout", "500ms")
		deaf.neverReads(t)
		idler := startServer(t, "robust-server", "-max-conns", room, "-idle", size.idleTimeout.String())
		idler.idleCrowd(t, size.idle, size.idleTimeout)
	})
}

// A testServer is a lesson's server running as a process of its own.
type testServer struct {
	*process
	addr     string
	baseline int // its descriptors, once warmed up
}

// startServer starts a server, serves it a first client, and notes the
// descriptors it then holds. At the end of the test it stops the server
// as Ctrl-C would, and checks that it exited 0 with no panic nor race.
func startServer(t *testing.T, name string, args ...string) *testServer {
	t.Helper()
	p, addr := startListening(t, name, args...)
	s := &testServer{process: p, addr: addr}
	t.Cleanup(func() { s.stop(t) })
	// Listening, the server holds what it always will: the count to come
	// back to after each crowd, and after a first client.
	s.baseline = s.descriptors(t)
	s.answers(t)
	s.settled(t)
	return s
}

func (s *testServer) stop(t *testing.T) {
	s.cmd.Process.Signal(syscall.SIGINT)
	err := s.waitExit(t)
	out := s.output()
	assert.NoError(t, err, "%s's exit status; it printed:\n%s", s.name, out[max(0, len(out)-2000):])
	assert.NotContains(t, out, "panic", s.name)
	assert.NotContains(t, out, "DATA RACE", s.name)
}

func (s *testServer) descriptors(t *testing.T) int {
	t.Helper()
	n, err := procfs.Descriptors(s.cmd.Process.Pid)
	require.NoError(t, err)
	return n
}

// rss is the server's resident memory, in KiB.
func (s *testServer) rss(t *testing.T) int {
	t.Helper()
	now, _, err := procfs.Memory(s.cmd.Process.Pid)
	require.NoError(t, err)
	return int(now >> 10)
}

// settled waits until the server holds as many descriptors as before the
// phase, for a second at most, and says how long that took.
func (s *testServer) settled(t *testing.T) time.Duration {
	t.Helper()
	start := time.Now()
	n := 0
	err := waitFor(time.Second, func() (bool, error) {
		var err error
		n, err = procfs.Descriptors(s.cmd.Process.Pid)
		return n == s.baseline, err
	})
	if errors.Is(err, errStillWaiting) {
		t.Fatalf("%s: a second after the clients left, %d descriptors where there were %d", s.name, n, s.baseline)
	}
	require.NoError(t, err)
	return time.Since(start)
}

// answers checks that a normal client is served, and how soon.
func (s *testServer) answers(t *testing.T) time.Duration {
	t.Helper()
	start := time.Now()
	conn := dialClient(t, s.addr)
	defer conn.Close()
	reader := bufio.NewReader(conn)
	if s.name == "talk-server" {
		// It greets nobody, and answers each message after its delay.
		_, err := io.WriteString(conn, "are you there?")
		require.NoError(t, err)
		reply := make([]byte, 64)
		n, err := reader.Read(reply)
		require.NoError(t, err, "%s did not answer a normal client", s.name)
		assert.Regexp(t, `^server message \d+$`, string(reply[:n]))
		return time.Since(start)
	}
	greet(t, reader)
	_, err := io.WriteString(conn, "are you there?\n")
	require.NoError(t, err)
	echo, err := reader.ReadString('\n')
	require.NoError(t, err, "%s did not answer a normal client", s.name)
	assert.Equal(t, "are you there?\n", echo)
	return time.Since(start)
}

func greet(t *testing.T, reader *bufio.Reader) {
	t.Helper()
	greeting, err := reader.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "hello\r\n", greeting)
}

// echoCrowd connects every client at once, then each sends its lines and
// checks that what comes back is the same, byte for byte.
func (s *testServer) echoCrowd(t *testing.T, size crowd) {
	start := time.Now()
	var ready, done sync.WaitGroup
	begin := make(chan struct{})
	errs := make(chan error, size.echoClients)
	for i := range size.echoClients {
		ready.Add(1)
		done.Go(func() {
			errs <- echoLines(s.addr, size.echoBytes, uint64(i), &ready, begin)
		})
	}
	ready.Wait()
	withThem := s.descriptors(t)
	close(begin)
	done.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			if failed == 0 {
				t.Errorf("%s: %v", s.name, err)
			}
			failed++
		}
	}
	require.Zero(t, failed, "%s: clients whose echo was wrong", s.name)
	took := time.Since(start)
	after := s.settled(t)
	t.Logf("%s echo: %d clients at once, %d KiB each, every byte back; descriptors %d before, %d with the clients held, %d after (within %s); %s",
		s.name, size.echoClients, size.echoBytes>>10, s.baseline, withThem, s.baseline, after.Round(time.Millisecond), took.Round(time.Millisecond))
	s.answers(t)
}

// echoLines is one client of echoCrowd: it connects, is greeted, waits for
// the others, then sends lines of random letters and reads them back.
func echoLines(addr string, size int, seed uint64, ready *sync.WaitGroup, begin chan struct{}) error {
	conn, err := dial(addr)
	if err != nil {
		ready.Done()
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(waitTimeout))
	reader := bufio.NewReader(conn)
	greeting, err := reader.ReadString('\n')
	ready.Done()
	if err != nil || greeting != "hello\r\n" {
		return fmt.Errorf("greeting %q, %v", greeting, err)
	}
	<-begin
	payload := randomLines(size, seed)
	go func() {
		conn.Write(payload)
		closeWrite(conn)
	}()
	got, err := io.ReadAll(reader)
	if err != nil {
		return fmt.Errorf("after %d bytes back: %w", len(got), err)
	}
	if !bytes.Equal(got, payload) {
		return fmt.Errorf("sent %d bytes, got %d back, the first difference at byte %d", len(payload), len(got), firstDiff(got, payload))
	}
	return nil
}

// randomLines makes size bytes of lines of 64 bytes, random letters each.
func randomLines(size int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, size)
	for i := range b {
		if i%64 == 63 {
			b[i] = '\n'
		} else {
			b[i] = byte('a' + r.IntN(26))
		}
	}
	return b
}

// resetCrowd sends clients that connect, are served, and abort their
// connection with a reset, fifty at a time.
func (s *testServer) resetCrowd(t *testing.T, n int) {
	start := time.Now()
	slots := make(chan struct{}, 50)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			errs <- s.resetOne()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err, s.name)
	}
	after := s.settled(t)
	t.Logf("%s resets: %d clients reset their connection; descriptors back to the %d before them within %s; %s",
		s.name, n, s.baseline, after.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	s.answers(t)
}

func (s *testServer) resetOne() error {
	conn, err := dial(s.addr)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(waitTimeout))
	// Once the server is busy with us, a reset: SO_LINGER 0 makes Close
	// send RST instead of FIN.
	if s.name == "talk-server" {
		_, err = io.WriteString(conn, "reset soon")
	} else {
		_, err = bufio.NewReader(conn).ReadString('\n')
	}
	conn.(*net.TCPConn).SetLinger(0)
	conn.Close()
	return err
}

// idleCrowd connects clients that say nothing, and checks that a fresh
// client is served promptly meanwhile. With closes > 0, the server is
// expected to close them after that long, each with a line that says why;
// otherwise they leave of their own accord.
func (s *testServer) idleCrowd(t *testing.T, n int, closes time.Duration) {
	start := time.Now()
	conns := make([]net.Conn, n)
	for i := range conns {
		conns[i] = dialClient(t, s.addr)
		defer conns[i].Close()
	}
	s.served(t, conns)
	withThem := s.descriptors(t)
	fresh := s.answers(t)
	assert.Less(t, fresh, prompt, "%s: a fresh client waited with %d idle ones connected", s.name, n)

	how := "then they left"
	if closes > 0 {
		how = fmt.Sprintf("closed by the server after %s", closes)
		// The server closes each one: its line, then the end.
		want := fmt.Sprintf("idle for %s: closing\r\n", closes)
		for _, conn := range conns {
			conn.SetReadDeadline(time.Now().Add(waitTimeout))
			rest, err := io.ReadAll(conn)
			require.NoError(t, err)
			require.Equal(t, want, string(rest))
		}
	}
	for _, conn := range conns {
		conn.Close()
	}
	after := s.settled(t)
	freshAfter := s.answers(t)
	t.Logf("%s idle: %d silent clients held, %s; a fresh client answered in %s meanwhile, %s after; descriptors %d before, %d with them, %d after (within %s); %s",
		s.name, len(conns), how, fresh.Round(time.Microsecond), freshAfter.Round(time.Microsecond),
		s.baseline, withThem, s.baseline, after.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// served waits until the server has taken every one of conns: each is
// greeted, its greeting read alone (what may follow it is for later).
// talk-server greets nobody: there, until it holds a descriptor for each.
func (s *testServer) served(t *testing.T, conns []net.Conn) {
	if s.name == "talk-server" {
		err := waitFor(waitTimeout, func() (bool, error) {
			n, err := procfs.Descriptors(s.cmd.Process.Pid)
			return n >= s.baseline+len(conns), err
		})
		require.NoError(t, err, "%s did not accept %d clients", s.name, len(conns))
		return
	}
	greeting := make([]byte, len("hello\r\n"))
	for _, conn := range conns {
		conn.SetReadDeadline(time.Now().Add(waitTimeout))
		_, err := io.ReadFull(conn, greeting)
		require.NoError(t, err)
		require.Equal(t, "hello\r\n", string(greeting))
	}
}

// neverReads sends a client that writes lines as fast as it can and reads
// nothing: the server must drop it, and its memory must not grow with what
// the client sent.
func (s *testServer) neverReads(t *testing.T) {
	start := time.Now()
	before := s.rss(t)
	conn := dialClient(t, s.addr)
	defer conn.Close()
	lines := randomLines(64<<10, 7)
	sent := 0
	dropped := make(chan error, 1)
	go func() {
		conn.SetWriteDeadline(time.Now().Add(waitTimeout))
		for {
			n, err := conn.Write(lines)
			sent += n
			if err != nil {
				dropped <- err
				return
			}
		}
	}()
	peak := before
	var err error
	for waiting := true; waiting; {
		select {
		case err = <-dropped:
			waiting = false
		case <-time.After(20 * time.Millisecond):
			peak = max(peak, s.rss(t))
		}
	}
	require.False(t, errors.Is(err, os.ErrDeadlineExceeded), "%s kept a client that never reads for %s", s.name, waitTimeout)
	conn.Close()
	after := s.settled(t)
	// A few MiB are the runtime's own, at most: not the megabytes sent.
	assert.Less(t, peak-before, 8<<10, "%s grew by %d KiB while a client sent %d MiB without reading", s.name, peak-before, sent>>20)
	t.Logf("%s never reads: the client sent %.1f MiB before it was dropped (its write: %v); server memory %.1f MiB before, %.1f MiB at most meanwhile; descriptors back to %d within %s; %s",
		s.name, float64(sent)/(1<<20), err, float64(before)/1024, float64(peak)/1024, s.baseline, after.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	s.answers(t)
}

// flood sends talk-server as many messages as each talker can write, and
// reads its replies meanwhile: one reply comes for each Read of the
// server, so writes run together count for one. A talker that has more
// than 64 replies due at once is dropped by the server; either way, each
// talker hears from the server, a reply or the end, and none waits for
// ever.
func (s *testServer) flood(t *testing.T, talkers, messages int) {
	start := time.Now()
	var wg sync.WaitGroup
	heard := make(chan int, talkers) // replies each talker got; -1: dropped
	errs := make(chan error, talkers)
	for range talkers {
		wg.Go(func() {
			n, err := s.floodOne(messages)
			if err != nil {
				errs <- err
				return
			}
			heard <- n
		})
	}
	wg.Wait()
	close(heard)
	close(errs)
	for err := range errs {
		require.NoError(t, err, "%s: a talker could not connect", s.name)
	}
	replies, answered, dropped := 0, 0, 0
	for n := range heard {
		if n < 0 {
			dropped++
			continue
		}
		replies += n
		answered++
	}
	assert.Equal(t, talkers, answered+dropped, "talkers that heard nothing, not even the end")
	assert.NotZero(t, answered, "talkers that got a reply")
	after := s.settled(t)
	t.Logf("%s flood: %d talkers sent %d messages each: %d got %d replies in all, %d were dropped for flooding; descriptors back to %d within %s; %s",
		s.name, talkers, messages, answered, replies, dropped, s.baseline, after.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	s.answers(t)
}

// floodOne is one talker of flood. It returns how many replies it got, or
// -1 if the server ended the connection before the first; 0 if it heard
// nothing at all.
func (s *testServer) floodOne(messages int) (int, error) {
	conn, err := dial(s.addr)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(waitTimeout))
	first, counted := make(chan struct{}), make(chan int, 1)
	go countReplies(conn, first, counted)
	for i := range messages {
		if _, err := fmt.Fprintf(conn, "message %d ", i); err != nil {
			break // dropped: the reader says so
		}
	}
	// Once a reply has come, leave, with a reset: talk-server has no end
	// of its own to send. If the server ended first, the reader knows.
	select {
	case <-first:
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	case n := <-counted:
		return n, nil
	}
	return <-counted, nil
}

// countReplies reads a talker's replies until its connection ends, and
// closes first when the first one comes. It then sends on counted how
// many came, run together as they may be: -1 if the server ended the
// connection before the first, 0 if nothing came at all.
func countReplies(conn net.Conn, first chan<- struct{}, counted chan<- int) {
	var all []byte
	buf := make([]byte, 4096)
	replied := false
	for {
		n, err := conn.Read(buf)
		all = append(all, buf[:n]...)
		if !replied && bytes.Contains(all, []byte("server message ")) {
			replied = true
			close(first)
		}
		switch {
		case err == nil:
			continue
		case !replied && !errors.Is(err, os.ErrDeadlineExceeded):
			counted <- -1 // the server's end, or its reset
		case !replied:
			counted <- 0
		default:
			counted <- bytes.Count(all, []byte("server message "))
		}
		return
	}
}
