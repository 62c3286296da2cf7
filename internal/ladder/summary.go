package ladder

import (
	"fmt"
	"io"
	"strings"
)

// A tally counts what one side of a connection sent.
type tally struct {
	side            Endpoint
	syn, fin, rst   int
	data, bytes     int
	retransmissions int // data segments that send again bytes already sent
	probes          int // segments without data whose sequence number is already behind the sender
	answers         int // segments that only acknowledge, sent right after the other side's probe
	zeroWindows     int // segments that advertise a window of zero
	next            uint32
	probePending    bool // the other side has sent a probe this side has not answered yet
	hasSent         bool
}

// PrintSummary writes, for each connection and each side, how many
// segments of each kind it sent: "client → server: 1 SYN, 3 data segments
// (25 bytes), 1 FIN". It counts, beside the flags and the data:
//
//   - retransmissions: data, a SYN or a FIN sent again, which the data
//     segments, their bytes, the SYNs and the FINs do not count twice. A busy machine delays an
//     acknowledgement now and then, even on loopback, and the sender's
//     timer sends the last segment again.
//   - probes: a segment with no data, whose sequence number is one the
//     sender has already used. TCP sends one to make the peer answer: a
//     keep-alive probe on an idle connection, or a zero-window probe when
//     the peer has said it has no room. Both carry the sequence number
//     before the next one, which the peer must acknowledge again.
//   - answers to probes: the acknowledgement that comes back.
//   - zero windows: the segments in which the sender says it has no room.
//
// The counts of acknowledgements alone are left out: when an ACK goes
// alone and when it rides on data changes from run to run. The final
// states follow, as the ladder prints them.
func PrintSummary(w io.Writer, l Ladder, opt Options) error {
	p := printer{ladder: l, opt: opt}
	for conn := 1; conn <= l.Conns; conn++ {
		sides := tallyConn(l, conn)
		for i, t := range sides {
			other := sides[1-i]
			p.line("", l.Name(conn, t.side, opt.Mask)+" → "+l.Name(conn, other.side, opt.Mask)+": "+t.String())
		}
	}
	for conn := 1; conn <= l.Conns; conn++ {
		p.final(conn)
	}
	_, err := io.WriteString(w, p.out.String())
	return err
}

// tallyConn counts the segments of connection conn, by the side that
// sent them: the side that sent the first segment comes first, which is
// the client when the capture saw the SYN.
func tallyConn(l Ladder, conn int) [2]*tally {
	var sides [2]*tally
	for _, s := range l.Segments {
		if s.Conn != conn {
			continue
		}
		if sides[0] == nil {
			sides[0], sides[1] = &tally{side: s.From}, &tally{side: s.To}
		}
		from, to := sides[0], sides[1]
		if s.From != from.side {
			from, to = to, from
		}
		from.count(s, to)
	}
	return sides
}

// count adds one segment the side sent; peer is the other side's tally.
func (t *tally) count(s Segment, peer *tally) {
	onlyACK := !s.Flags.SYN && !s.Flags.FIN && !s.Flags.RST && s.Len == 0
	switch {
	case onlyACK && t.hasSent && s.Seq < t.next:
		t.probes++
		peer.probePending = true
	case onlyACK && t.probePending:
		t.answers++
	}
	t.probePending = false
	end := segmentEnd(s)
	if t.hasSent && sendsAgain(s, end, t.next) {
		// A SYN, a FIN or bytes the side had already sent: its timer
		// sent them again. They count once, the repeat apart.
		t.retransmissions++
	} else {
		t.countFlags(s)
		t.countData(s)
	}
	if s.Window == 0 && s.Flags.ACK && !s.Flags.RST {
		t.zeroWindows++
	}
	if !t.hasSent || end > t.next {
		t.next = end
	}
	t.hasSent = true
}

func (t *tally) countFlags(s Segment) {
	if s.Flags.SYN {
		t.syn++
	}
	if s.Flags.FIN {
		t.fin++
	}
	if s.Flags.RST {
		t.rst++
	}
}

// segmentEnd is the sequence number after s: a SYN and a FIN take one
// each, as a byte would.
func segmentEnd(s Segment) uint32 {
	end := s.Seq + uint32(s.Len)
	if s.Flags.SYN || s.Flags.FIN {
		end++
	}
	return end
}

// sendsAgain reports whether s, which ends at end, carries a SYN, a FIN
// or bytes, all of them before next, the sequence number its side had
// reached: a retransmission. A reset is never one: it ends the
// connection wherever the sequence stands.
func sendsAgain(s Segment, end, next uint32) bool {
	carriesSomething := s.Flags.SYN || s.Flags.FIN || s.Len > 0
	return carriesSomething && !s.Flags.RST && end <= next
}

// countData counts a segment's payload: new data, or data sent again
// (a retransmission, its sequence number one the sender has used), whose
// bytes are counted once.
func (t *tally) countData(s Segment) {
	if s.Len == 0 {
		return
	}
	start, end := s.Seq, s.Seq+uint32(s.Len)
	if t.hasSent && start < t.next {
		t.retransmissions++
		start = min(t.next, end)
	} else {
		t.data++
	}
	t.bytes += int(end - start)
}

// String lists the counts that are not zero, in the order a connection
// uses them.
func (t *tally) String() string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(t.syn, "SYN", "SYNs")
	switch {
	case t.data == 1:
		parts = append(parts, fmt.Sprintf("1 data segment (%s)", plural(t.bytes, "byte")))
	case t.data > 1:
		parts = append(parts, fmt.Sprintf("%d data segments (%s)", t.data, plural(t.bytes, "byte")))
	}
	add(t.retransmissions, "retransmission", "retransmissions")
	add(t.zeroWindows, "zero window", "zero windows")
	add(t.probes, "probe", "probes")
	add(t.answers, "answer to a probe", "answers to probes")
	add(t.fin, "FIN", "FINs")
	add(t.rst, "RST", "RSTs")
	if len(parts) == 0 {
		return "acknowledgements only"
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
