package main

// The plumbing of addresses and flags, as in lessons 3 and 4: kept apart
// so that main.go reads as the server it is.

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// checkFlags tells a mistyped flag from a server that cannot start:
// -addr is host:port with a numeric port, or unix: and a path, and every
// limit is above zero.
func checkFlags(flags *flag.FlagSet, addr string, lim limits) error {
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", flags.Arg(0))
	}
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		if path == "" {
			return errors.New("-addr unix: needs the path of the socket, as in unix:/tmp/robust.sock")
		}
	} else if _, port, err := net.SplitHostPort(addr); err != nil || port == "" {
		return fmt.Errorf("-addr %q is not host:port or unix:/path", addr)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("-addr %q: the port must be a number from 0 to 65535", addr)
	}
	switch {
	case lim.maxLine < 1:
		return fmt.Errorf("-max-line %d: a line must be allowed at least 1 byte", lim.maxLine)
	case lim.maxConns < 1:
		return fmt.Errorf("-max-conns %d: at least 1 client must be served", lim.maxConns)
	case lim.idle <= 0:
		return fmt.Errorf("-idle %s: must be above zero", lim.idle)
	case lim.writeTimeout <= 0:
		return fmt.Errorf("-write-timeout %s: must be above zero", lim.writeTimeout)
	case lim.grace < 0:
		return fmt.Errorf("-grace %s: must not be below zero (0 closes every client at once)", lim.grace)
	}
	return nil
}

// network splits -addr into the two arguments of net.Listen:
// "unix:/tmp/robust.sock" is a Unix domain socket, anything else TCP.
func network(addr string) (string, string) {
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		return "unix", path
	}
	return "tcp", addr
}

// listen is net.Listen, with errors that say what is in the way.
func listen(addr string) (net.Listener, error) {
	network, address := network(addr)
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
	// Stat follows a symbolic link, to say what it leads to.
	info, statErr := os.Stat(address)
	switch {
	case statErr != nil:
		return nil, fmt.Errorf("cannot listen: %w", err)
	case info.IsDir():
		return nil, fmt.Errorf("cannot listen on %s: %s is a directory; give the path of a socket to create, such as %s", addr, address, filepath.Join(address, "robust.sock"))
	case info.Mode()&os.ModeSocket == 0:
		return nil, fmt.Errorf("cannot listen on %s: %s is a file, not a socket; choose another path", addr, address)
	}
	return nil, fmt.Errorf("cannot listen on %s: a socket file is in the way; if no server is running there (a killed one leaves its file behind), remove it: rm %s", addr, shellQuote(address))
}

// shellQuote writes a path so that a shell reads it back as it is.
func shellQuote(path string) string {
	if strings.Trim(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") == "" {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
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

// reason is what went wrong with a client's connection, in the words of
// the system call that failed ("connection reset by peer").
func reason(err error) string {
	var sysErr *os.SyscallError
	if errors.As(err, &sysErr) {
		return sysErr.Err.Error()
	}
	return err.Error()
}
