package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// startServer accepts connections on a loopback port and serves each with
// serve, until the test ends. It returns the address to dial.
func startServer(t *testing.T, ctx context.Context, delay time.Duration, served chan<- struct{}) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				serve(ctx, conn, delay)
				if served != nil {
					served <- struct{}{}
				}
			})
		}
	})
	return ln.Addr().String()
}

// noLeaks fails the test if any goroutine it started outlives it. Cleanups
// run last-in first-out, so registered first, this check runs last.
func noLeaks(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
}

func TestRepliesShareOneCounterAcrossConcurrentClients(t *testing.T) {
	noLeaks(t)
	replies.Store(0)
	addr := startServer(t, t.Context(), 0, nil)

	const clients, rounds = 8, 5
	numbers := make(chan int, clients*rounds)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			conn, err := net.Dial("tcp", addr)
			if !assert.NoError(t, err) {
				return
			}
			defer conn.Close()
			buf := make([]byte, 64)
			for i := range rounds {
				_, err := fmt.Fprintf(conn, "client data: %d", i)
				assert.NoError(t, err)
				n, err := conn.Read(buf)
				if !assert.NoError(t, err) {
					return
				}
				var number int
				_, err = fmt.Sscanf(string(buf[:n]), "server message %d", &number)
				assert.NoError(t, err)
				numbers <- number
			}
		})
	}
	wg.Wait()
	close(numbers)

	got := slices.Sorted(func(yield func(int) bool) {
		for n := range numbers {
			if !yield(n) {
				return
			}
		}
	})
	want := make([]int, clients*rounds)
	for i := range want {
		want[i] = i
	}
	assert.Equal(t, want, got, "every reply number handed out exactly once")
}

func TestPendingReplyIsDroppedWhenClientLeaves(t *testing.T) {
	noLeaks(t)
	replies.Store(0)
	served := make(chan struct{}, 1)
	// An hour: if serve waited for the reply, the test would time out.
	addr := startServer(t, t.Context(), time.Hour, served)

	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	_, err = io.WriteString(conn, "initial data")
	require.NoError(t, err)
	require.NoError(t, conn.Close())

	select {
	case <-served:
	case <-time.After(10 * time.Second):
		t.Fatal("serve still running after its client left")
	}
	assert.Equal(t, int64(0), replies.Load(), "a dropped reply takes no number")
}

func TestShutdownEndsAnIdleConnection(t *testing.T) {
	noLeaks(t)
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan struct{}, 1)
	addr := startServer(t, ctx, time.Hour, served)

	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "initial data")
	require.NoError(t, err)

	cancel()
	select {
	case <-served:
	case <-time.After(10 * time.Second):
		t.Fatal("serve still running after shutdown")
	}
	// The server closed the connection and no reply came first. Closing a
	// socket whose input was not read yet sends a reset instead of FIN, so
	// either ending is right.
	n, err := conn.Read(make([]byte, 16))
	assert.Zero(t, n)
	if !errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("read after shutdown: got %v, want EOF or a reset", err)
	}
}

// flood serves one end of a net.Pipe and writes maxPending+1 messages to
// it from the other, which never reads. net.Pipe has no buffer: each Write
// returns once serve has read it, so each one is a message of its own. It
// fails the test unless serve then drops the client and returns.
func flood(t *testing.T, delay time.Duration) net.Conn {
	t.Helper()
	client, server := net.Pipe()
	t.Cleanup(func() { client.Close() })
	served := make(chan struct{})
	go func() {
		serve(t.Context(), server, delay)
		close(served)
	}()

	for range maxPending + 1 {
		_, err := client.Write([]byte("x"))
		require.NoError(t, err)
	}
	select {
	case <-served:
	case <-time.After(10 * time.Second):
		t.Fatalf("serve still running with %d replies pending (delay %s)", maxPending, delay)
	}
	return client
}

func TestFloodingClientIsDropped(t *testing.T) {
	noLeaks(t)
	// An hour: every reply is still waiting when the next message comes.
	client := flood(t, time.Hour)
	_, err := client.Write([]byte("x"))
	assert.ErrorIs(t, err, io.ErrClosedPipe)
}

func TestClientThatNeverReadsIsDroppedAtOnce(t *testing.T) {
	noLeaks(t)
	// No delay: each reply blocks in Write, since this client never reads.
	// serve returns only if the replies stuck in Write are released.
	flood(t, 0)
}

func TestListenTakesTCPAndUnixAddresses(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "talk.sock")
	for addr, want := range map[string]string{
		"127.0.0.1:0":  "tcp",
		"unix:" + sock: "unix",
	} {
		ln, err := listen(addr)
		require.NoError(t, err, addr)
		assert.Equal(t, want, ln.Addr().Network(), addr)
		if want == "unix" {
			assert.Equal(t, sock, ln.Addr().String())
		}
		require.NoError(t, ln.Close())
	}
}

func TestPrintableEscapesWhatWouldActOnTheTerminal(t *testing.T) {
	for in, want := range map[string]string{
		"client data: 0":          "client data: 0",
		"héllo, 世界":               "héllo, 世界",
		"\x1b[2J\x1b]0;owned\x07": `\x1b[2J\x1b]0;owned\a`,
		"hi\nclient disconnected": `hi\nclient disconnected`,
		"tab\tand \xff byte":      `tab\tand \xff byte`,
		"zero\u200bwidth":         `zero\u200bwidth`,
	} {
		assert.Equal(t, want, printable([]byte(in)), "%q", in)
	}
}
