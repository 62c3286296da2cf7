package main

import (
	"errors"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeServer accepts one connection and hands it to handle, returning the
// address to dial.
func fakeServer(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	go func() {
		defer close(done)
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		handle(conn)
	}()
	return ln.Addr().String()
}

func TestClientEndsAfterFirstChunkAndReadsOn(t *testing.T) {
	received := make(chan string, 1)
	addr := fakeServer(t, func(conn net.Conn) {
		io.WriteString(conn, "hello\r\n")
		// The client's end() arrives as EOF after what it wrote.
		data, _ := io.ReadAll(conn)
		received <- string(data)
		// Its read side is still open: this still reaches it.
		io.WriteString(conn, "late\r\n")
	})
	require.NoError(t, run(addr, false))
	assert.Equal(t, "world!\r\n", <-received)
}

func TestServerResetIsAnError(t *testing.T) {
	addr := fakeServer(t, func(conn net.Conn) {
		io.WriteString(conn, "hello\r\n")
		conn.Read(make([]byte, 64))
		conn.(*net.TCPConn).SetLinger(0) // Close now sends a reset
	})
	err := run(addr, false)
	// Depending on when the reset lands, Read or CloseWrite reports it.
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connection lost:")
	assert.True(t, errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ENOTCONN), "want a reset, got %v", err)
}

func TestRefusedConnectionNamesTheCause(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	err = run(addr, false)
	assert.EqualError(t, err, "cannot connect to \""+addr+"\": connection refused (is the server running?)")
}

func TestMissingUnixSocketNamesThePath(t *testing.T) {
	path := t.TempDir() + "/none.sock"
	err := run("unix:"+path, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "no such file or directory")
}

func TestCloseWriteNeedsAConnThatHasIt(t *testing.T) {
	client, server := net.Pipe() // in memory: no CloseWrite
	defer client.Close()
	defer server.Close()
	assert.EqualError(t, closeWrite(client), "a *net.pipe cannot end only its writing side")
}
