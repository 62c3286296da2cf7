//go:build linux

package main

// The kernel keeps a state for each TCP socket, and tells it to the
// program that holds the socket: getsockopt(2) with TCP_INFO. The standard
// library does not read it, so this file uses golang.org/x/sys/unix.

import (
	"bufio"
	"fmt"
	"io"
	"net"

	"golang.org/x/sys/unix"
)

// showStates goes through a half-open connection one step at a time,
// and prints the state of each socket once the step is done.
func showStates() {
	client, peer := connectedPair()
	fmt.Printf("connected: client %s, peer %s\n", stateOf(client), stateOf(peer))

	// The peer ends its side. Once the client has read to io.EOF, its
	// kernel has taken the FIN: the client is in CLOSE_WAIT, "the peer
	// has closed, and we have not". Nothing makes it leave but our own
	// close.
	io.WriteString(peer, "bye\n")
	peer.(*net.TCPConn).CloseWrite()
	io.ReadAll(client)
	fmt.Printf("the peer sent its FIN; the client read to EOF: client %s\n", stateOf(client))

	// The client may still write. Its segment acknowledges the peer's
	// FIN, so once the peer has read it, the peer is in FIN_WAIT2: its
	// FIN is acknowledged, and it waits for the client's.
	io.WriteString(client, "still here\n")
	line, _ := bufio.NewReader(peer).ReadString('\n')
	fmt.Printf("the client wrote %q; the peer read it: client %s, peer %s\n", line, stateOf(client), stateOf(peer))

	// The client ends its side too. The peer, which closed first, is
	// the one that waits in TIME_WAIT: no program holds that state, the
	// kernel keeps it for a minute, so that a late segment of this
	// connection cannot be taken for one of a new connection.
	client.(*net.TCPConn).CloseWrite()
	io.ReadAll(peer)
	fmt.Println("the client sent its FIN; the peer read to EOF")
	client.Close()
	peer.Close()
}

// stateOf names the state the kernel gives the socket under conn, as
// /proc/net/tcp and ss(8) name them.
func stateOf(conn net.Conn) string {
	raw, err := conn.(*net.TCPConn).SyscallConn()
	if err != nil {
		return err.Error()
	}
	var info *unix.TCPInfo
	raw.Control(func(fd uintptr) {
		info, err = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
	})
	if err != nil {
		return err.Error()
	}
	names := map[uint8]string{
		unix.BPF_TCP_ESTABLISHED: "ESTABLISHED", unix.BPF_TCP_FIN_WAIT1: "FIN_WAIT1",
		unix.BPF_TCP_FIN_WAIT2: "FIN_WAIT2", unix.BPF_TCP_CLOSE: "CLOSE",
		unix.BPF_TCP_CLOSE_WAIT: "CLOSE_WAIT", unix.BPF_TCP_LAST_ACK: "LAST_ACK",
	}
	if name, ok := names[info.State]; ok {
		return name
	}
	return fmt.Sprintf("state %d", info.State)
}
