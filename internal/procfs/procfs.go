// Package procfs reads what Linux says of a running process: in /proc,
// its sockets and the address it listens on, its open descriptors and its
// memory; from its CPU clock, its CPU time. The tests watch the lessons'
// servers with it, and make bench measures them.
package procfs

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Sockets returns the inodes of the sockets that process pid has open.
func Sockets(pid int) (map[string]bool, error) {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("process %d has exited: %w", pid, err)
	}
	inodes := map[string]bool{}
	for _, e := range entries {
		target, err := os.Readlink(dir + "/" + e.Name())
		if err != nil {
			continue // closed while we looked
		}
		if inode, ok := strings.CutPrefix(target, "socket:["); ok {
			inodes[strings.TrimSuffix(inode, "]")] = true
		}
	}
	return inodes, nil
}

// Listening returns the IPv4 address that process pid listens on, or ""
// while it listens on none. A process that holds two listeners, one of
// them perhaps inherited from its parent without close-on-exec, is an
// error: which one it serves on cannot be told from here.
func Listening(pid int) (string, error) {
	inodes, err := Sockets(pid)
	if err != nil {
		return "", err
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/net/tcp", pid))
	if err != nil {
		return "", err
	}
	defer f.Close()
	var found []string
	lines := bufio.NewScanner(f)
	lines.Scan() // the heading
	for lines.Scan() {
		// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
		fields := strings.Fields(lines.Text())
		if len(fields) < 10 || fields[3] != "0A" || !inodes[fields[9]] { // 0A: LISTEN
			continue
		}
		addr, err := HexAddr(fields[1])
		if err != nil {
			return "", err
		}
		found = append(found, addr)
	}
	if err := lines.Err(); err != nil || len(found) == 0 {
		return "", err
	}
	if len(found) > 1 {
		return "", fmt.Errorf("process %d listens on %d addresses: %s", pid, len(found), strings.Join(found, ", "))
	}
	return found[0], nil
}

// HexAddr decodes /proc/net/tcp's "0100007F:1F94" into "127.0.0.1:8084".
func HexAddr(s string) (string, error) {
	ipHex, portHex, _ := strings.Cut(s, ":")
	n, err := strconv.ParseUint(ipHex, 16, 32)
	if err != nil {
		return "", fmt.Errorf("bad address %q in /proc/net/tcp", s)
	}
	port, err := strconv.ParseUint(portHex, 16, 16)
	if err != nil {
		return "", err
	}
	// The kernel prints the address's four bytes as one number read in
	// the machine's own byte order: writing it back the same way gives
	// the bytes in network order.
	ip := make(net.IP, 4)
	binary.NativeEndian.PutUint32(ip, uint32(n))
	return net.JoinHostPort(ip.String(), strconv.Itoa(int(port))), nil
}

// Descriptors counts the open file descriptors of process pid.
func Descriptors(pid int) (int, error) {
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return 0, fmt.Errorf("process %d has exited: %w", pid, err)
	}
	return len(entries), nil
}

// Memory is the memory process pid has in RAM now, and the most it has
// had since it started, in bytes ("VmRSS" and "VmHWM" of its status).
func Memory(pid int) (now, peak int64, err error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("process %d has exited: %w", pid, err)
	}
	found := 0
	for line := range strings.Lines(string(status)) {
		name, value, _ := strings.Cut(line, ":")
		if name != "VmRSS" && name != "VmHWM" {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status: %s: %w", pid, name, err)
		}
		if name == "VmRSS" {
			now = kb << 10
		} else {
			peak = kb << 10
		}
		found++
	}
	if found != 2 {
		return 0, 0, fmt.Errorf("/proc/%d/status has no VmRSS or VmHWM", pid)
	}
	return now, peak, nil
}

// CPU is the CPU time process pid has used, user and system, all its
// threads together, those that have ended included: the process's own
// CPU clock, which counts nanoseconds. /proc/PID/stat counts in ticks
// of 10 ms, too coarse for a run of a few milliseconds.
func CPU(pid int) (time.Duration, error) {
	var ts unix.Timespec
	var err error = unix.EINVAL // a pid too large for a clock ID
	if clock := ^pid<<3 | cpuClockSched; pid > 0 && clock == int(int32(clock)) {
		err = unix.ClockGettime(int32(clock), &ts)
	}
	if err != nil {
		if _, statErr := os.Stat(fmt.Sprintf("/proc/%d", pid)); statErr != nil {
			return 0, fmt.Errorf("process %d has exited: %w", pid, statErr)
		}
		return 0, fmt.Errorf("the CPU clock of process %d: %w", pid, err)
	}
	return time.Duration(ts.Nano()), nil
}

// cpuClockSched, with the pid inverted and shifted past it, is the ID of
// the clock that counts the time the process's threads have run, as
// clock_getcpuclockid(3) makes it.
const cpuClockSched = 2
