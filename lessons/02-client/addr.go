package main

// The plumbing of a client's address, kept apart so that main.go reads as
// the client it is. Each client of the course carries these functions word
// for word, and checkAddr is the servers' own, so that every lesson stands
// alone; a test keeps them alike.

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// checkAddr tells a mistyped -addr from an address that cannot be used:
// host:port with a port from 0 to 65535, or unix: and the path of a socket.
func checkAddr(addr string) error {
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		if path == "" {
			return errors.New("-addr unix: needs the path of the socket, as in unix:/tmp/server.sock")
		}
		return nil
	}
	// An empty port is no mistake to the net package, which reads it as
	// port 0; here it is more likely a forgotten one.
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return fmt.Errorf("-addr %q is not host:port or unix:/path", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("-addr %q: the port must be a number from 0 to 65535", addr)
	}
	return nil
}

// dial is net.Dial for an -addr that checkAddr accepted, with a timeout
// for a host that never answers, and an error that says what a refusal
// most likely means.
func dial(addr string) (net.Conn, error) {
	network, address := "tcp", addr
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		network, address = "unix", path
	}
	// Port 0 asks the system for any free port: a server may listen
	// there, and then has a port of its own, but no server is at 0.
	if _, port, _ := net.SplitHostPort(address); network == "tcp" && port == "0" {
		return nil, fmt.Errorf("-addr %q: port 0 is for a server, to pick a free port; connect to the port it reports", addr)
	}
	dialer := net.Dialer{Timeout: 10 * time.Second}
	conn, err := dialer.Dial(network, address)
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return nil, fmt.Errorf("cannot connect to %q: connection refused (is the server running?)", addr)
	case network == "unix" && errors.Is(err, syscall.ENOENT):
		// A Unix socket is a file that the server creates as it
		// starts and removes as it stops.
		return nil, fmt.Errorf("cannot connect to %q: no such file or directory (is the server running?)", addr)
	case err != nil:
		return nil, fmt.Errorf("cannot connect: %w", err)
	}
	return conn, nil
}

// closeWrite is Node's end(): it sends FIN, and we can still read. The
// net.Conn interface does not promise a CloseWrite method; *net.TCPConn and
// *net.UnixConn have one, so we ask for it rather than assume it.
func closeWrite(conn net.Conn) error {
	cw, ok := conn.(interface{ CloseWrite() error })
	if !ok {
		return fmt.Errorf("a %T cannot end only its writing side", conn)
	}
	return cw.CloseWrite()
}
