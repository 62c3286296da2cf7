package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWalkThroughEveryEvent(t *testing.T) {
	require.NoError(t, walk("", 20*time.Millisecond, 5*time.Second))
}

func TestPeerHalfClosesOnByeAndStillReads(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	var log bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		conn, err := ln.Accept()
		if err == nil {
			peer(conn, &log)
		}
	}()

	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	reader := bufio.NewReader(conn)
	greeting, err := reader.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "hello\r\n", greeting)

	_, err = io.WriteString(conn, "echo me\r\nbye\r\n")
	require.NoError(t, err)
	// The echo, then the peer's bye, then its end: EOF.
	rest, err := io.ReadAll(reader)
	require.NoError(t, err)
	assert.Equal(t, "echo me\r\nbye\r\n", string(rest))

	// Our side is still open for writing, and the peer reads it.
	_, err = io.WriteString(conn, "after\r\n")
	require.NoError(t, err)
	require.NoError(t, conn.Close())
	<-done
	assert.Equal(t, "peer: after its CloseWrite, received \"after\\r\\n\"\n", log.String())
}

func TestPeerEchoesLinesLongerThanItsBuffer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go acceptPeers(t.Context(), ln, io.Discard)

	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	reader := bufio.NewReader(conn)
	_, err = reader.ReadString('\n')
	require.NoError(t, err)

	long := append(bytes.Repeat([]byte("y"), 300<<10), '\n')
	go conn.Write(long)
	got := make([]byte, len(long))
	_, err = io.ReadFull(reader, got)
	require.NoError(t, err)
	assert.Equal(t, long, got)
}
