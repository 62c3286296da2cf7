package main

// The plumbing of a server's address, kept apart so that main.go reads as
// the server it is. Each server of the course carries these functions word
// for word, so that every lesson stands alone; a test keeps them alike.

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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

// listen is net.Listen, with errors that say what is in the way: another
// server on the port, or, for a Unix socket, whatever already has its name.
func listen(addr string) (net.Listener, error) {
	network, address := "tcp", addr
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		network, address = "unix", path
	}
	ln, err := net.Listen(network, address)
	switch {
	case err == nil:
		return ln, nil
	case !errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("cannot listen: %w", err)
	case network == "tcp":
		return nil, fmt.Errorf("cannot listen on %s: address already in use (is another server running?)", addr)
	}
	// The system says "in use" whatever holds the name; Stat says what it
	// is, following a symbolic link to what it leads to.
	info, statErr := os.Stat(address)
	switch {
	case statErr != nil:
		return nil, fmt.Errorf("cannot listen: %w", err)
	case info.IsDir():
		return nil, fmt.Errorf("cannot listen on %s: %s is a directory; give the path of a socket to create, such as %s", addr, address, filepath.Join(address, "server.sock"))
	case info.Mode()&os.ModeSocket == 0:
		return nil, fmt.Errorf("cannot listen on %s: %s is a file, not a socket; choose another path", addr, address)
	}
	// A live server's socket or a killed one's: only a knock would tell,
	// and it would be a client to a live server. The user knows, and gets
	// the command to run, quoted for a shell if the path needs it.
	if strings.Trim(address, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") != "" {
		address = "'" + strings.ReplaceAll(address, "'", `'\''`) + "'"
	}
	return nil, fmt.Errorf("cannot listen on %s: a socket file is in the way; if no server is running there (a killed one leaves its file behind), remove it: rm %s", addr, address)
}

// writeAddrFile lets a script that asked for port 0 learn the real port.
// Writing a temporary file and renaming it means a reader never sees half
// an address.
func writeAddrFile(path string, addr net.Addr) error {
	text := addr.String()
	if addr.Network() == "unix" {
		text = "unix:" + text
	}
	if err := os.WriteFile(path+".tmp", []byte(text), 0o644); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// reason is what went wrong with a connection, in the words of the system
// call that failed ("connection reset by peer"), without net's wrapping.
func reason(err error) string {
	var sysErr *os.SyscallError
	if errors.As(err, &sysErr) {
		return sysErr.Err.Error()
	}
	return err.Error()
}
