package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// The echo stream is lines of 1 to 1000 bytes (robust-server takes lines
// of up to 1024), each with its place in the stream written in it, so
// that a byte out of place shows. One period of it is kept twice over:
// the bytes expected at any offset are then one slice.
var period = makePeriod()

func makePeriod() []byte {
	var b bytes.Buffer
	seed := uint32(1)
	for b.Len() < 256<<10 {
		// A small linear congruential generator: the same lines each run.
		seed = seed*1664525 + 1013904223
		size := 1 + int(seed>>8)%1000
		line := fmt.Appendf(nil, "%d:", b.Len())
		for len(line) < size-1 {
			line = append(line, 'a'+byte(len(line)%26))
		}
		line = append(line[:max(size-1, 0)], '\n')
		b.Write(line)
	}
	one := b.Bytes()
	return append(one, one...)
}

// expected is the n bytes of the stream from offset off on (n at most
// one period).
func expected(off int64, n int) []byte {
	start := int(off % int64(len(period)/2))
	return period[start : start+n]
}

// lineEnd is the offset just past the first "\n" at or after off.
func lineEnd(off int64) int64 {
	i := bytes.IndexByte(expected(off, len(period)/2), '\n')
	return off + int64(i) + 1
}

// EchoResult is what an echo run moved.
type EchoResult struct {
	Conns   int           `json:"conns"`
	Bytes   int64         `json:"bytes"`      // echoed, and checked, in all
	Elapsed time.Duration `json:"elapsed_ns"` // from the first byte sent to the last echo
}

// MBps is the throughput in megabytes (10^6 bytes) a second.
func (r EchoResult) MBps() float64 {
	return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds()
}

// chunk is how much each Write sends: enough to keep a server busy.
const chunk = 16 << 10

// silence is how long a server may send nothing back while bytes are
// owed to it, before the run gives up on it.
var silence = 10 * time.Second

// window is the most each connection sends ahead of the echo it has
// read back. Without it, a sender fills every buffer on the way, several
// megabytes a connection, and a slow server takes seconds after the end
// to echo them: the run would measure that tail as much as the rest.
const window = 256 << 10

// Echo streams lines to an echo server over conns connections for about
// d, and reads the echo back, checking every byte. Each connection ends
// its side at a line's end once d has passed, and the run ends when
// every echo has come back and the server has closed. echoed counts the
// bytes checked so far.
func Echo(ctx context.Context, addr string, conns int, d time.Duration, echoed *Counter) (EchoResult, error) {
	cs, err := dialMany(ctx, addr, Greeting, conns, 64, nil, nil)
	if err != nil {
		return EchoResult{}, err
	}
	defer closeAll(cs)
	// Ctrl-C, or the caller's end, stops the run where it is.
	stopRun := context.AfterFunc(ctx, func() { closeAll(cs) })
	defer stopRun()
	start := time.Now()
	stop := start.Add(d)
	errs := make(chan error, conns)
	var total Counter
	var wg sync.WaitGroup
	for i, conn := range cs {
		wg.Go(func() {
			n, err := echoOne(conn, stop, echoed)
			total.Add(n)
			if err != nil {
				errs <- fmt.Errorf("connection %d: %w", i+1, err)
				closeAll(cs) // the others would wait for nothing
			}
		})
	}
	wg.Wait()
	close(errs)
	result := EchoResult{Conns: conns, Bytes: total.Load(), Elapsed: time.Since(start)}
	if err := ctx.Err(); err != nil {
		return result, err
	}
	return result, <-errs
}

// echoOne sends until stop, then reads the rest of the echo and the
// server's end.
func echoOne(conn net.Conn, stop time.Time, echoed *Counter) (int64, error) {
	f := &flow{credit: make(chan struct{}, 1)}
	sent := make(chan int64, 1)
	writeErr := make(chan error, 1)
	go func() {
		n, err := f.send(conn, stop)
		sent <- n
		writeErr <- err
	}()
	got, readErr := f.receive(conn, echoed)
	if readErr != nil {
		conn.Close() // a Write that waits would wait for ever
		<-writeErr
		return got, readErr
	}
	// The server has closed: it does so once we have ended our side, so
	// our sender is done, or about to be. One still sending after a
	// while is stuck on a server that stopped reading.
	select {
	case err := <-writeErr:
		if err != nil {
			return got, fmt.Errorf("sending: %w", err)
		}
	case <-time.After(silence):
		conn.Close()
		<-writeErr
		return got, fmt.Errorf("the server closed after %d bytes of echo, before we had sent everything", got)
	}
	if n := <-sent; got != n {
		return got, fmt.Errorf("sent %d bytes, but %d came back before the server closed", n, got)
	}
	return got, nil
}

// flow keeps a connection's sender at most a window ahead of its
// receiver.
type flow struct {
	received atomic.Int64
	credit   chan struct{} // a nudge from the receiver: more has come back
	closed   atomic.Bool   // the receiver has stopped
}

// send writes the stream until stop, up to the end of a line, then ends
// our side: the server's end tells us it has echoed everything.
func (f *flow) send(conn net.Conn, stop time.Time) (int64, error) {
	var off int64
	for time.Now().Before(stop) {
		for off-f.received.Load() > window && !f.closed.Load() {
			<-f.credit
		}
		n, err := conn.Write(expected(off, chunk))
		off += int64(n)
		if err != nil {
			return off, err
		}
	}
	if end := lineEnd(off); end > off {
		n, err := conn.Write(expected(off, int(end-off)))
		off += int64(n)
		if err != nil {
			return off, err
		}
	}
	return off, conn.(interface{ CloseWrite() error }).CloseWrite()
}

// receive reads the echo until the server closes, and checks each byte.
func (f *flow) receive(conn net.Conn, echoed *Counter) (int64, error) {
	defer func() {
		f.closed.Store(true)
		f.nudge()
	}()
	buf := make([]byte, 64<<10)
	var off int64
	for {
		// A server that stops echoing must not hang the run.
		conn.SetReadDeadline(time.Now().Add(silence))
		n, err := conn.Read(buf)
		if n > 0 {
			if i := firstDiff(buf[:n], expected(off, n)); i >= 0 {
				return off, fmt.Errorf("byte %d of the echo is %q, but %q was sent", off+int64(i), buf[i], expected(off+int64(i), 1))
			}
			off += int64(n)
			echoed.Add(int64(n))
			f.received.Store(off)
			f.nudge()
		}
		if errors.Is(err, io.EOF) {
			return off, nil
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return off, fmt.Errorf("after %d bytes of echo, nothing more for %s", off, silence)
		}
		if err != nil {
			return off, fmt.Errorf("after %d bytes of echo: %w", off, err)
		}
	}
}

func (f *flow) nudge() {
	select {
	case f.credit <- struct{}{}:
	default:
	}
}

// firstDiff is the index of the first byte where a and b differ, or -1.
func firstDiff(a, b []byte) int {
	if bytes.Equal(a, b) {
		return -1
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}
