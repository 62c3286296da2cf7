// Command sockopts shows the options that Go sets on every TCP connection:
// Nagle's algorithm off (TCP_NODELAY) and keep-alive probes after 15
// seconds of silence. Node sets neither.
//
//	sockopts                      Go's own connections
//	sockopts -- node sockopts.js  the connections a program reports
//
// It reads the options from the kernel, as getsockopt(2) returns them, so
// it can show those of any program it starts. pidfd_getfd(2) and /proc
// make it Linux only.
//
//go:build linux

package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

func main() {
	var err error
	if len(os.Args) > 2 && os.Args[1] == "--" {
		err = inspectCommand(os.Args[2:])
	} else {
		err = inspectGo()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sockopts:", err)
		os.Exit(1)
	}
}

// ANCHOR: go
// inspectGo makes two connections, one as Go makes it, one with Node's
// defaults asked for, and prints the options of each.
func inspectGo() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	plain, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return err
	}
	defer plain.Close()
	// A negative KeepAlive turns keep-alive off.
	dialer := net.Dialer{KeepAlive: -1}
	tuned, err := dialer.Dial("tcp", ln.Addr().String())
	if err != nil {
		return err
	}
	defer tuned.Close()
	tuned.(*net.TCPConn).SetNoDelay(false)

	return inspect(os.Getpid(), []connection{
		{localPort(plain), "Go, default"},
		{localPort(tuned), "Go, SetNoDelay(false), Dialer{KeepAlive: -1}"},
	})
}

// ANCHOR_END: go

// connection is one of the connections to inspect: its local port, and
// what to call it.
type connection struct {
	port  int
	label string
}

func localPort(conn net.Conn) int {
	return conn.LocalAddr().(*net.TCPAddr).Port
}

// inspectCommand starts a program that prints "PORT LABEL" for each of its
// connections, then "ready", and inspects those connections.
func inspectCommand(args []string) error {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	// The program waits for its standard input to close before it exits.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Wait()
	defer stdin.Close()

	var conns []connection
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && lines.Text() != "ready" {
		port, label, _ := strings.Cut(lines.Text(), " ")
		n, err := strconv.Atoi(port)
		if err != nil {
			return fmt.Errorf("%s printed %q, not \"PORT LABEL\"", args[0], lines.Text())
		}
		conns = append(conns, connection{n, label})
	}
	return inspect(cmd.Process.Pid, conns)
}

// inspect prints the options of the given TCP connections of process pid.
// pidfd_getfd(2) gives us a copy of each of its socket descriptors.
func inspect(pid int, conns []connection) error {
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return fmt.Errorf("pidfd_open: %w", err)
	}
	defer unix.Close(pidfd)
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return err
	}
	found := map[int]string{} // port: options
	for _, entry := range entries {
		target, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, entry.Name()))
		n, _ := strconv.Atoi(entry.Name())
		if !strings.HasPrefix(target, "socket:") {
			continue
		}
		fd, err := unix.PidfdGetfd(pidfd, n, 0)
		if err != nil {
			return fmt.Errorf("pidfd_getfd: %w", err)
		}
		if port := sockPort(fd); port != 0 {
			found[port] = options(fd)
		}
		unix.Close(fd)
	}
	for _, c := range conns {
		opts, ok := found[c.port]
		if !ok {
			return fmt.Errorf("process %d has no socket on local port %d", pid, c.port)
		}
		fmt.Printf("%s: %s\n", c.label, opts)
	}
	return nil
}

func sockPort(fd int) int {
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return 0
	}
	if in, ok := sa.(*unix.SockaddrInet4); ok {
		return in.Port
	}
	return 0
}

// ANCHOR: options
// options reads what the kernel holds for one socket.
func options(fd int) string {
	get := func(level, opt int) int {
		v, err := unix.GetsockoptInt(fd, level, opt)
		if err != nil {
			return -1
		}
		return v
	}
	nagle := "Nagle on (TCP_NODELAY 0)"
	if get(unix.IPPROTO_TCP, unix.TCP_NODELAY) == 1 {
		nagle = "Nagle off (TCP_NODELAY 1)"
	}
	if get(unix.SOL_SOCKET, unix.SO_KEEPALIVE) == 0 {
		return nagle + ", keep-alive off"
	}
	return fmt.Sprintf("%s, keep-alive on: first probe after %ds idle, then every %ds, %d probes",
		nagle, get(unix.IPPROTO_TCP, unix.TCP_KEEPIDLE), get(unix.IPPROTO_TCP, unix.TCP_KEEPINTVL), get(unix.IPPROTO_TCP, unix.TCP_KEEPCNT))
}

// ANCHOR_END: options
