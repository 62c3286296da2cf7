// Command zerowindow shows backpressure in TCP's own terms: a server
// that stops reading fills its receive buffer, and tells the client so
// with a window of zero, "no room"; the client's kernel stops sending,
// and its Write waits. The client's kernel then probes the closed
// window, now and then, with a segment the server's kernel must
// answer; once the server reads again, the window opens and the rest
// goes.
//
// Both buffers are made small, so that a few kilobytes fill them.
//
//go:build linux

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

const (
	size    = 16 << 10 // what the client writes
	buffers = 4 << 10  // each side's buffer, as asked: the kernel doubles it
	answers = 2        // how many answered probes to wait for
)

func main() {
	client, server := connectedPair()

	// The server reads nothing yet. The client writes in a goroutine
	// of its own, since its Write waits as long as the server does.
	written := make(chan int)
	go func() {
		n, err := client.Write(make([]byte, size))
		check(err)
		written <- n
	}()

	waitFor(client, func(info *unix.TCPInfo) bool { return info.Snd_wnd == 0 })
	fmt.Println("the server reads nothing: its window is 0, and the client's Write waits")
	for n := 1; n <= answers; n++ {
		waitForAnswer(client)
		fmt.Printf("zero-window probe %d answered: the window is still %d\n", n, info(client).Snd_wnd)
	}

	// The server reads again: the window opens, and the rest goes.
	received := make(chan int64)
	go func() {
		n, _ := io.Copy(io.Discard, server)
		received <- n
	}()
	fmt.Printf("the server reads again: the client's Write returned, %d bytes written\n", <-written)
	client.Close()
	fmt.Printf("the server received %d bytes\n", <-received)
	server.Close()
}

// waitForAnswer returns once the kernel has received an acknowledgement
// on conn: while the window is closed and nothing else moves, the answer
// to a probe. The kernel counts the milliseconds since the last one
// (tcpi_last_ack_recv); the count starting again is the answer.
func waitForAnswer(conn net.Conn) {
	last := info(conn).Last_ack_recv
	waitFor(conn, func(now *unix.TCPInfo) bool {
		answered := now.Last_ack_recv < last
		last = now.Last_ack_recv
		return answered
	})
}

// waitFor looks at what the kernel tells of conn's socket, every few
// milliseconds, until done says it is what we wait for.
func waitFor(conn net.Conn, done func(*unix.TCPInfo) bool) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for range tick.C {
		if done(info(conn)) {
			return
		}
	}
}

// info reads what the kernel holds of the socket under conn: its
// state, its windows, its timers (getsockopt(2) with TCP_INFO).
func info(conn net.Conn) *unix.TCPInfo {
	raw, err := conn.(*net.TCPConn).SyscallConn()
	check(err)
	var tcp *unix.TCPInfo
	raw.Control(func(fd uintptr) {
		tcp, err = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
	})
	check(err)
	return tcp
}

// connectedPair returns both ends of a fresh loopback TCP connection,
// with small buffers: the server's for receiving, the client's for
// sending.
func connectedPair() (net.Conn, net.Conn) {
	// ANCHOR: buffers
	// The sizes are set before the connection is made: the window the
	// server offers in its SYN-ACK must fit its buffer, and a buffer
	// made smaller later drops what the window had let in.
	listen := net.ListenConfig{Control: setBuffer(unix.SO_RCVBUF)}
	ln, err := listen.Listen(context.Background(), "tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	dialer := net.Dialer{Control: setBuffer(unix.SO_SNDBUF)}
	client, err := dialer.Dial("tcp", ln.Addr().String())
	// ANCHOR_END: buffers
	check(err)
	server, err := ln.Accept()
	check(err)
	return client, server
}

// setBuffer returns a Control function that sets the socket's buffer
// (SO_RCVBUF or SO_SNDBUF) to buffers bytes before it connects or
// listens. An accepted socket takes the listener's.
func setBuffer(option int) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, c syscall.RawConn) error {
		var err error
		c.Control(func(fd uintptr) {
			err = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, option, buffers)
		})
		return err
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "zerowindow:", err)
		os.Exit(1)
	}
}
