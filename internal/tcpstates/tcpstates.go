// Package tcpstates reads the state of every TCP socket of the network
// namespace the process runs in, as the kernel lists them in
// /proc/net/tcp and /proc/net/tcp6.
package tcpstates

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// A Pair names a connected socket by its two ends, as the socket sees
// them: the client's socket and the server's have the same pair, swapped.
type Pair struct {
	Local, Remote netip.AddrPort
}

// A Socket is what the kernel says of one socket.
type Socket struct {
	State   string // "ESTABLISHED", "TIME_WAIT"...
	Unacked int    // bytes sent and not yet acknowledged (tx_queue)
}

// A Snapshot is every connected socket at one moment. Listening sockets
// are left out: they belong to no connection.
type Snapshot map[Pair]Socket

// names are the kernel's states, by the number /proc/net/tcp shows
// (include/net/tcp_states.h).
var names = map[int]string{
	1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1",
	5: "FIN_WAIT2", 6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT",
	9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING", 12: "NEW_SYN_RECV",
}

// Read lists the sockets of this process's network namespace.
func Read() (Snapshot, error) {
	snap := Snapshot{}
	for _, path := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(path)
		if os.IsNotExist(err) {
			continue // a kernel without IPv6
		}
		if err != nil {
			return nil, err
		}
		err = Parse(f, snap)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return snap, nil
}

// Parse adds the sockets of one /proc/net/tcp or tcp6 table to snap.
func Parse(r io.Reader, snap Snapshot) error {
	lines := bufio.NewScanner(r)
	lines.Scan() // the heading
	for lines.Scan() {
		// sl local_address rem_address st tx_queue:rx_queue ...
		fields := strings.Fields(lines.Text())
		if len(fields) < 5 {
			return fmt.Errorf("a line of %d fields: %q", len(fields), lines.Text())
		}
		local, err1 := parseAddr(fields[1])
		remote, err2 := parseAddr(fields[2])
		state, err3 := strconv.ParseInt(fields[3], 16, 0)
		queue, _, _ := strings.Cut(fields[4], ":")
		unacked, err4 := strconv.ParseInt(queue, 16, 0)
		for _, err := range []error{err1, err2, err3, err4} {
			if err != nil {
				return fmt.Errorf("%q: %w", lines.Text(), err)
			}
		}
		if names[int(state)] == "LISTEN" {
			continue
		}
		snap[Pair{local, remote}] = Socket{State: stateName(int(state)), Unacked: int(unacked)}
	}
	return lines.Err()
}

func stateName(n int) string {
	if name, ok := names[n]; ok {
		return name
	}
	return fmt.Sprintf("state %d", n)
}

// parseAddr reads "0100007F:1F90": the address as the kernel holds it in
// memory, four bytes at a time in the machine's own order (little-endian
// on most), then the port in hex.
func parseAddr(s string) (netip.AddrPort, error) {
	addrHex, portHex, ok := strings.Cut(s, ":")
	raw, err := hex.DecodeString(addrHex)
	if !ok || err != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.AddrPort{}, fmt.Errorf("%q is not an address", s)
	}
	port, err := strconv.ParseUint(portHex, 16, 16)
	if err != nil {
		return netip.AddrPort{}, err
	}
	for i := 0; i < len(raw); i += 4 {
		word := binary.NativeEndian.Uint32(raw[i:])
		binary.BigEndian.PutUint32(raw[i:], word)
	}
	addr, _ := netip.AddrFromSlice(raw)
	return netip.AddrPortFrom(addr.Unmap(), uint16(port)), nil
}

// AtRest reports whether no socket of snap waits for a segment still on
// its way: none is in the middle of opening or closing, and none has
// data the peer has not acknowledged. Once the sockets are at rest, every
// segment of the exchange has been delivered, and so captured.
func (snap Snapshot) AtRest() bool {
	for _, s := range snap {
		switch s.State {
		case "SYN_SENT", "SYN_RECV", "NEW_SYN_RECV", "FIN_WAIT1", "CLOSING", "LAST_ACK":
			return false
		}
		if s.Unacked > 0 {
			return false
		}
	}
	return true
}
