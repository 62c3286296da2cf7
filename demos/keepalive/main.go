// Command keepalive shows TCP's keep-alive probes on a connection where
// neither side says anything: after a second of silence the client's
// kernel sends a probe, an empty segment the server's kernel must
// answer; no program reads or writes a byte for it. Go turns keep-alive
// on for every connection (15 s of silence, then a probe every 15 s);
// here the client asks for a second.
//
// The program sees the answers in what the kernel tells of its socket
// (TCP_INFO), and ends after two.
//
//go:build linux

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// answers is how many answered probes the program waits for.
const answers = 2

func main() {
	// ANCHOR: config
	// Silent for Idle, the client's kernel probes; then it probes every
	// Interval, and after Count probes without an answer it gives the
	// connection up: the next Read returns an error.
	keepAlive := net.KeepAliveConfig{Enable: true, Idle: time.Second, Interval: time.Second, Count: 3}
	dialer := net.Dialer{KeepAliveConfig: keepAlive}
	// ANCHOR_END: config
	// The server probes nothing of its own, so every probe is the
	// client's.
	ln, err := (&net.ListenConfig{KeepAlive: -1}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	check(err)
	client, err := dialer.Dial("tcp", ln.Addr().String())
	check(err)
	server, err := ln.Accept()
	check(err)
	ln.Close()
	fmt.Printf("keep-alive: a probe after %v of silence, then every %v; %d unanswered probes end the connection\n",
		keepAlive.Idle, keepAlive.Interval, keepAlive.Count)

	for n := 1; n <= answers; n++ {
		waitForAnswer(client)
		fmt.Printf("probe %d answered; no program has read or written a byte\n", n)
	}
	// The client closes first; the server closes once it has read
	// the client's FIN, so the two FINs always come in this order.
	client.Close()
	io.ReadAll(server)
	server.Close()
}

// waitForAnswer returns once the client's kernel has received an
// acknowledgement: on a silent connection, only the answer to a probe.
// The kernel counts the milliseconds since the last one it received
// (tcpi_last_ack_recv): the count starting again is the answer.
func waitForAnswer(conn net.Conn) {
	last := sinceLastAck(conn)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for range tick.C {
		now := sinceLastAck(conn)
		if now < last {
			return
		}
		last = now
	}
}

// sinceLastAck reads, from the kernel, how long ago the socket under
// conn received its last acknowledgement.
func sinceLastAck(conn net.Conn) time.Duration {
	raw, err := conn.(*net.TCPConn).SyscallConn()
	check(err)
	var info *unix.TCPInfo
	raw.Control(func(fd uintptr) {
		info, err = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
	})
	check(err)
	return time.Duration(info.Last_ack_recv) * time.Millisecond
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "keepalive:", err)
		os.Exit(1)
	}
}
