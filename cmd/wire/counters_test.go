package main

import (
	"strings"
	"testing"
)

// The counters come as two lines per protocol: the names, then the
// values; OutSegs is found by its name, wherever the kernel puts it.
func TestOutSegsIsReadByItsName(t *testing.T) {
	snmp := `Ip: Forwarding DefaultTTL
Ip: 1 64
Tcp: RtoAlgorithm RtoMin InSegs OutSegs RetransSegs
Tcp: 1 200 7 12 0
Udp: InDatagrams OutSegs
Udp: 3 99
`
	n, err := outSegs(strings.NewReader(snmp))
	if err != nil || n != 12 {
		t.Fatalf("outSegs = %d, %v; want 12", n, err)
	}
	if _, err := outSegs(strings.NewReader("Ip: Forwarding\nIp: 1\n")); err == nil {
		t.Fatal("outSegs found a counter in a table without TCP")
	}
}

// Inside or outside a namespace, the kernel's own table reads.
func TestTheKernelCountsSegments(t *testing.T) {
	if _, err := tcpSegmentsSent(); err != nil {
		t.Fatal(err)
	}
}
