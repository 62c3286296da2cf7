package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// tcpSegmentsSent reads how many TCP segments the kernel of our network
// namespace has sent, resets included: the counter OutSegs of
// /proc/net/snmp, whose "Tcp:" lines name the counters, then give their
// values. The namespace is ours alone, so every one of them crossed our
// loopback, where the capture should have seen it.
func tcpSegmentsSent() (int, error) {
	f, err := os.Open("/proc/net/snmp")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return outSegs(f)
}

// outSegs finds the counter OutSegs in a copy of /proc/net/snmp.
func outSegs(r io.Reader) (int, error) {
	var names []string
	lines := bufio.NewScanner(r)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) == 0 || fields[0] != "Tcp:" {
			continue
		}
		if names == nil {
			names = fields
			continue
		}
		i := slices.Index(names, "OutSegs")
		if i < 0 || i >= len(fields) {
			break
		}
		return strconv.Atoi(fields[i])
	}
	if err := lines.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no TCP OutSegs counter in /proc/net/snmp")
}
