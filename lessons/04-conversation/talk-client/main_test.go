package main

import (
	"errors"
	"fmt"
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

func TestCountEndsTheConversationCleanly(t *testing.T) {
	var heard []string
	addr := fakeServer(t, func(conn net.Conn) {
		buf := make([]byte, 64)
		for i := 0; ; i++ {
			n, err := conn.Read(buf)
			if err != nil {
				return // EOF: the client ended its side
			}
			heard = append(heard, string(buf[:n]))
			fmt.Fprintf(conn, "server message %d", i)
		}
	})
	require.NoError(t, run(addr, 3))
	assert.Equal(t, []string{"initial data", "client data: 0", "client data: 1"}, heard)
}

func TestServerEndingEarlyIsAnError(t *testing.T) {
	addr := fakeServer(t, func(conn net.Conn) {
		conn.Read(make([]byte, 64))
		io.WriteString(conn, "server message 0")
		// End our side but read on: closing outright with the client's
		// next message unread would reset the connection instead.
		conn.(*net.TCPConn).CloseWrite()
		io.Copy(io.Discard, conn)
	})
	err := run(addr, 3)
	assert.EqualError(t, err, "the server ended the conversation after 1 of 3 replies")
}

func TestServerResetIsAnError(t *testing.T) {
	addr := fakeServer(t, func(conn net.Conn) {
		conn.Read(make([]byte, 64))
		conn.(*net.TCPConn).SetLinger(0) // Close now sends a reset
	})
	err := run(addr, 3)
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
	err = run(addr, 1)
	assert.EqualError(t, err, "cannot connect to \""+addr+"\": connection refused (is the server running?)")
}

func TestCloseWriteNeedsAConnThatHasIt(t *testing.T) {
	client, server := net.Pipe() // in memory: no CloseWrite
	defer client.Close()
	defer server.Close()
	assert.EqualError(t, closeWrite(client), "a *net.pipe cannot end only its writing side")
}
