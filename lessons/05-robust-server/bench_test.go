package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// Two benchmarks: the line framing alone, in memory, and the echo of
// lines over a real loopback connection, where the question is how many
// Writes the lines cost. Run them with
//
//	go test -run '^$' -bench . -benchmem

// benchMaxLine is the server's default -max-line.
const benchMaxLine = 1024

// BenchmarkLines cuts an endless stream into lines of each size. next
// returns every whole line a Read brought, so an operation here is one
// call, of a varying number of bytes: the MB/s and lines/op figures are
// reported by hand (SetBytes needs the same bytes in each operation).
func BenchmarkLines(b *testing.B) {
	for _, size := range []int{16, 64, 512, 1000} {
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) {
			lines := newLineReader(&endless{data: manyLines(size, 4<<10)}, benchMaxLine)
			// next hands out a piece of bufio's own buffer: in the
			// steady state no call should cost an allocation.
			b.ReportAllocs()
			var total int64
			for b.Loop() {
				batch, err := lines.next()
				// Every line of the stream has this size and ends with
				// its one "\n": whole lines are a multiple of the size,
				// and end with one. (FuzzLines checks the bytes.)
				if err != nil || len(batch)%size != 0 || batch[len(batch)-1] != '\n' {
					b.Fatalf("got %d bytes, %v; want whole lines of %d bytes", len(batch), err, size)
				}
				total += int64(len(batch))
			}
			b.ReportMetric(float64(total)/float64(size)/float64(b.N), "lines/op")
			b.ReportMetric(float64(total)/1e6/b.Elapsed().Seconds(), "MB/s")
		})
	}
}

// endless is a Reader that repeats its data forever, and fills every
// Read: a client that sends without pause, without a socket's cost.
type endless struct {
	data []byte
	off  int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], e.data[e.off:])
		n += c
		e.off = (e.off + c) % len(e.data)
	}
	return n, nil
}

// manyLines is lines of size bytes, at least total bytes of them.
func manyLines(size, total int) []byte {
	var all []byte
	for k := 0; len(all) < total; k++ {
		all = append(all, makeLine(size, k)...)
	}
	return all
}

// makeLine is size bytes: letters from the k-th on, then "\n".
func makeLine(size, k int) []byte {
	line := make([]byte, size)
	for i := range size - 1 {
		line[i] = 'a' + byte((k+i)%26)
	}
	line[size-1] = '\n'
	return line
}

// echoLineSize is the length of the lines echoed, "\n" included.
const echoLineSize = 64

// BenchmarkEchoLines echoes 64-byte lines from a client that sends
// without waiting, as a file piped into nc would. Each Read and each
// Write is a system call, and a 64-byte line is little to carry for one.
// A line at a time is how step 5 echoes: a buffer of one line, a Write
// for each. Whole lines is how the finished server does: a Read of up to
// 32 KiB, and the lines it brought go back in one Write.
func BenchmarkEchoLines(b *testing.B) {
	b.Run("a-line-at-a-time", func(b *testing.B) { benchEchoLines(b, echoEachLine) })
	b.Run("whole-lines", func(b *testing.B) { benchEchoLines(b, echoWholeLines) })
}

// echoEachLine is step 5's echo, without its deadlines (they cost the
// same in both): ReadSlice over a buffer the size of the longest line,
// and one Write for each line.
func echoEachLine(conn net.Conn) error {
	in := bufio.NewReaderSize(conn, benchMaxLine+2)
	for {
		line, err := in.ReadSlice('\n')
		if len(line) > 0 {
			if _, err := conn.Write(line); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// echoWholeLines is serve's echo, without its deadlines.
func echoWholeLines(conn net.Conn) error {
	lines := newLineReader(conn, benchMaxLine)
	for {
		batch, err := lines.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := conn.Write(batch); err != nil {
			return err
		}
	}
}

// benchEchoLines measures one echo: an operation is one line sent,
// echoed and read back.
func benchEchoLines(b *testing.B, echo func(net.Conn) error) {
	// No goroutine may outlive the benchmark. The cleanups run last
	// registered first: close both ends, wait for the goroutines, check.
	baseline := goleak.IgnoreCurrent()
	b.Cleanup(func() { goleak.VerifyNone(b, baseline) })
	var wg sync.WaitGroup
	b.Cleanup(wg.Wait)
	dialed, accepted := connect(b)

	// Closing its end once the echo returns lets the client read the
	// end of the stream.
	served := make(chan error, 1)
	wg.Go(func() {
		defer accepted.Close()
		served <- echo(accepted)
	})

	// Ten different lines, sent in turn: a line lost, doubled or cut
	// in the wrong place shows when the echo is compared.
	want := make([][]byte, 10)
	for k := range want {
		want[k] = makeLine(echoLineSize, k)
	}
	got := make([]byte, echoLineSize)
	in := bufio.NewReaderSize(dialed, 64<<10)
	out := bufio.NewWriterSize(dialed, 64<<10)
	b.SetBytes(echoLineSize)
	b.ReportAllocs()
	b.ResetTimer()

	// The writer must know b.N before it starts, which is why this loop
	// counts to b.N rather than use b.Loop.
	sent := make(chan error, 1)
	wg.Go(func() { sent <- sendLines(dialed, out, want, b.N) })
	for i := range b.N {
		if _, err := io.ReadFull(in, got); err != nil {
			b.Fatalf("line %d of %d: %v", i+1, b.N, err)
		}
		if !bytes.Equal(got, want[i%len(want)]) {
			b.Fatalf("line %d of %d: got %q, want %q", i+1, b.N, got, want[i%len(want)])
		}
	}
	b.StopTimer()

	// Then nothing more: the echo saw the end, returned, and closed.
	if n, err := in.Read(got); n != 0 || err != io.EOF {
		b.Fatalf("after the last line: %d more bytes, error %v; want the end", n, err)
	}
	require.NoError(b, <-sent, "client")
	require.NoError(b, <-served, "echo")
}

// sendLines writes n lines, taking them in turn, then ends the client's
// side. The client gathers its own writes in out, so that what the
// benchmark compares is the server's writes, not the client's.
func sendLines(conn *net.TCPConn, out *bufio.Writer, lines [][]byte, n int) error {
	for i := range n {
		if _, err := out.Write(lines[i%len(lines)]); err != nil {
			return err
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	return conn.CloseWrite()
}

// connect returns both ends of a fresh loopback connection. Port 0 lets
// the system choose a free port: nothing else can be in the way.
func connect(b *testing.B) (dialed, accepted *net.TCPConn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(b, err)
	defer ln.Close()
	// Dial returns once the system has accepted the connection for us;
	// Accept then hands it over.
	d, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(b, err)
	b.Cleanup(func() { d.Close() })
	a, err := ln.Accept()
	require.NoError(b, err)
	b.Cleanup(func() { a.Close() })
	return d.(*net.TCPConn), a.(*net.TCPConn)
}
