package main

// The plumbing of addresses, word for word the same in lessons 3, 4 and 5.

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

// checkAddr tells a mistyped -addr from a server that cannot start:
// host:port with a numeric port, or unix: and a path.
func checkAddr(addr string) error {
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		if path == "" {
			return errors.New("-addr unix: needs the path of the socket, as in unix:/tmp/server.sock")
		}
	} else if _, port, err := net.SplitHostPort(addr); err != nil || port == "" {
		return fmt.Errorf("-addr %q is not host:port or unix:/path", addr)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("-addr %q: the port must be a number from 0 to 65535", addr)
	}
	return nil
}

// listen is net.Listen on -addr ("unix:/path" is a Unix domain socket,
// anything else TCP), with errors that say what is in the way.
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
	// A Unix socket is a file, and something already has its name.
	info, statErr := os.Stat(address)
	switch {
	case statErr != nil:
		return nil, fmt.Errorf("cannot listen: %w", err)
	case info.IsDir():
		return nil, fmt.Errorf("cannot listen on %s: %s is a directory; give the path of a socket to create, such as %s", addr, address, filepath.Join(address, "server.sock"))
	case info.Mode()&os.ModeSocket == 0:
		return nil, fmt.Errorf("cannot listen on %s: %s is a file, not a socket; choose another path", addr, address)
	}
	// The command is quoted for a shell, unless the path needs no quotes.
	rm := "rm " + address
	if strings.Trim(address, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") != "" {
		rm = "rm '" + strings.ReplaceAll(address, "'", `'\''`) + "'"
	}
	return nil, fmt.Errorf("cannot listen on %s: a socket file is in the way; if no server is running there (a killed one leaves its file behind), remove it: %s", addr, rm)
}

// writeAddrFile lets a script that asked for port 0 learn the real
// port. Writing a temporary file and renaming it means a reader never
// sees half an address.
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

// reason is what went wrong with a connection, in the words of the
// system call that failed ("connection reset by peer").
func reason(err error) string {
	var sysErr *os.SyscallError
	if errors.As(err, &sysErr) {
		return sysErr.Err.Error()
	}
	return err.Error()
}
