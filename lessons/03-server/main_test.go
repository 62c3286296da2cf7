package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// served runs serve on the server end of a fresh loopback connection and
// returns the client end, and a channel closed when serve returns.
func served(t *testing.T, ctx context.Context) (*net.TCPConn, <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { client.Close() })
	server, err := ln.Accept()
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		serve(ctx, server)
		close(done)
	}()
	return client.(*net.TCPConn), done
}

func waitDone(t *testing.T, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return")
	}
}

func TestGreetsThenEchoesUntilTheClientEnds(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
	conn, done := served(t, t.Context())
	_, err := io.WriteString(conn, "one\r\ntwo\r\n")
	require.NoError(t, err)
	require.NoError(t, conn.CloseWrite())

	all, err := io.ReadAll(conn)
	require.NoError(t, err)
	assert.Equal(t, "hello\r\none\r\ntwo\r\n", string(all))
	waitDone(t, done)
}

func TestShutdownClosesAnIdleClient(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
	ctx, cancel := context.WithCancel(t.Context())
	conn, done := served(t, ctx)
	greeting, err := bufio.NewReader(conn).ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "hello\r\n", greeting)

	cancel()
	waitDone(t, done)
	_, err = conn.Read(make([]byte, 1))
	assert.ErrorIs(t, err, io.EOF)
}

// A client that resets its connection ends its own serve; another
// client, served meanwhile, is still echoed.
func TestResetEndsOnlyThatClient(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
	resetter, resetDone := served(t, t.Context())
	other, otherDone := served(t, t.Context())
	otherReader := bufio.NewReader(other)
	for _, r := range []*bufio.Reader{bufio.NewReader(resetter), otherReader} {
		greeting, err := r.ReadString('\n')
		require.NoError(t, err)
		require.Equal(t, "hello\r\n", greeting)
	}

	require.NoError(t, resetter.SetLinger(0))
	require.NoError(t, resetter.Close())
	waitDone(t, resetDone)

	_, err := io.WriteString(other, "still here\r\n")
	require.NoError(t, err)
	echo, err := otherReader.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "still here\r\n", echo)
	require.NoError(t, other.CloseWrite())
	waitDone(t, otherDone)
}

func TestWriteAddrFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, writeAddrFile(dir+"/tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8124}))
	require.NoError(t, writeAddrFile(dir+"/unix", &net.UnixAddr{Name: "/tmp/echo.sock", Net: "unix"}))
	for file, want := range map[string]string{"tcp": "127.0.0.1:8124", "unix": "unix:/tmp/echo.sock"} {
		got, err := os.ReadFile(dir + "/" + file)
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}
}
