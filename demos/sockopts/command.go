//go:build linux

package main

// Another program's sockets are not ours to read, but Linux lends us a
// copy of their descriptors: pidfd_open(2) names the process, and
// pidfd_getfd(2) copies one of its descriptors into ours. The standard
// library has neither call, so this file uses golang.org/x/sys/unix.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// inspectCommand starts a program that prints "PORT LABEL" for each of its
// connections, then "ready", and prints the options of those connections.
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

	var ports []int
	var labels []string
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && lines.Text() != "ready" {
		port, label, _ := strings.Cut(lines.Text(), " ")
		n, err := strconv.Atoi(port)
		if err != nil {
			return fmt.Errorf("%s printed %q, not \"PORT LABEL\"", args[0], lines.Text())
		}
		ports, labels = append(ports, n), append(labels, label)
	}
	found, err := socketOptions(cmd.Process.Pid)
	if err != nil {
		return err
	}
	for i, port := range ports {
		opts, ok := found[port]
		if !ok {
			return fmt.Errorf("%s has no socket on local port %d", args[0], port)
		}
		fmt.Printf("%s: %s\n", labels[i], opts)
	}
	return nil
}

// socketOptions returns the options of each IPv4 socket of process pid,
// by its local port.
func socketOptions(pid int) (map[int]string, error) {
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return nil, fmt.Errorf("pidfd_open: %w", err)
	}
	defer unix.Close(pidfd)
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	found := map[int]string{}
	for _, entry := range entries {
		target, _ := os.Readlink(dir + "/" + entry.Name())
		if !strings.HasPrefix(target, "socket:") {
			continue
		}
		theirs, _ := strconv.Atoi(entry.Name())
		fd, err := unix.PidfdGetfd(pidfd, theirs, 0)
		if err != nil {
			return nil, fmt.Errorf("pidfd_getfd: %w", err)
		}
		if sa, err := unix.Getsockname(fd); err == nil {
			if in, ok := sa.(*unix.SockaddrInet4); ok {
				found[in.Port] = options(fd)
			}
		}
		unix.Close(fd)
	}
	return found, nil
}
