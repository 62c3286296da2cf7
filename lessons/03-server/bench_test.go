package main

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// These benchmarks push a stream through an echo over a real loopback
// TCP connection, all in this one process: a goroutine writes, the echo
// copies, and the benchmark reads back what comes and checks it. Run
// them with
//
//	go test -run '^$' -bench . -benchmem
//
// The kernel's work on both sides is in the numbers, as it would be for
// a real client.

// chunkSize is what the client writes, and reads back, per operation.
const chunkSize = 64 << 10

// BenchmarkEcho compares the lesson's echo with the ways it could have
// been written: io.Copy, and the same loop with other buffer sizes.
func BenchmarkEcho(b *testing.B) {
	for _, bench := range []struct {
		name string
		echo func(net.Conn) error
	}{
		{"lesson-32KiB", echo},
		{"io.Copy-splice", copyEcho},
		{"buffer-4KiB", echoWith(4 << 10)},
		{"buffer-16KiB", echoWith(16 << 10)},
		{"buffer-64KiB", echoWith(64 << 10)},
	} {
		b.Run(bench.name, func(b *testing.B) { benchEcho(b, bench.echo) })
	}
}

// copyEcho is the one line the lesson turns down. Between two TCP
// connections, io.Copy moves the bytes with splice(2) through a pipe:
// they need not come up into our memory, but each move is two system
// calls, and the pipe is two more descriptors.
func copyEcho(conn net.Conn) error {
	_, err := io.Copy(conn, conn)
	return err
}

// echoWith is the lesson's echo with a buffer of another size. A Read
// returns at most a buffer's worth, and each Read and each Write is a
// system call: the smaller the buffer, the more calls per megabyte.
func echoWith(size int) func(net.Conn) error {
	return func(conn net.Conn) error {
		buf := make([]byte, size)
		for {
			n, err := conn.Read(buf)
			if n > 0 {
				if _, err := conn.Write(buf[:n]); err != nil {
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
}

// benchEcho measures one echo: an operation is a chunk written, echoed
// and read back whole.
func benchEcho(b *testing.B, echo func(net.Conn) error) {
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

	// SetBytes turns ns/op into MB/s, the figure to compare with the
	// buffer sizes. The timer starts after the connection is made: we
	// measure the echo, not the handshake.
	want := pattern(chunkSize)
	got := make([]byte, chunkSize)
	b.SetBytes(chunkSize)
	b.ReportAllocs()
	b.ResetTimer()

	// The client writes and reads at the same time, as a stream
	// should: a client that waited for each echo would measure the
	// round trip instead. The writer must know b.N before it starts,
	// which is why this loop counts to b.N rather than use b.Loop.
	sent := make(chan error, 1)
	wg.Go(func() { sent <- send(dialed, want, b.N) })
	for i := range b.N {
		if _, err := io.ReadFull(dialed, got); err != nil {
			b.Fatalf("chunk %d of %d: %v", i+1, b.N, err)
		}
		if !bytes.Equal(got, want) {
			b.Fatalf("chunk %d of %d came back changed", i+1, b.N)
		}
	}
	b.StopTimer()

	// Then nothing more: the echo saw the end, returned, and closed.
	if n, err := dialed.Read(got); n != 0 || err != io.EOF {
		b.Fatalf("after the last chunk: %d more bytes, error %v; want the end", n, err)
	}
	require.NoError(b, <-sent, "client")
	require.NoError(b, <-served, "echo")
}

// send writes the chunk n times, then ends the client's side: the echo
// reads io.EOF once it has copied everything.
func send(conn *net.TCPConn, chunk []byte, n int) error {
	for range n {
		if _, err := conn.Write(chunk); err != nil {
			return err
		}
	}
	return conn.CloseWrite()
}

// pattern is n bytes that repeat every 251. A byte lost or doubled
// shifts all that follows, and 251 is prime: the shifted bytes do not
// line up again, and the comparison fails.
func pattern(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i % 251)
	}
	return p
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
