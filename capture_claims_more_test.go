package tcpgo

import (
	"fmt"
	"os"
	"strings"
	"time"

	"tcpgo/internal/ladder"
)

// The claims of the captures that the folds of lessons 1, 3 and 5 show:
// the half-open connection, the zero window, Nagle, keep-alive, and
// lesson 5's limits. The kernel's states that the pages name (CLOSE_WAIT,
// TIME_WAIT) are not in a .pcap: the scripts that record the captures
// check those (wire_halfopen, wire_robust).

func halfOpenClaims(c *captureClaims) {
	const page = "docs/01-socket-events.md"
	halfopen := c.capture("halfopen")
	peerFIN, stillHere := sent(server, fin), sent(client, carrying("still here"))
	c.says(page, "Packet ladder: the handshake, the peer's bye and FIN, the client's still here, then the client's FIN",
		halfopen.inOrder(afterHandshake(sent(server, carrying("bye")), peerFIN, stillHere, sent(client, fin))...))
	c.says(page, "The client has read the peer's FIN and not closed: it is in CLOSE_WAIT, and may still send",
		halfopen.inOrder(peerFIN, stillHere))
	c.says(page, "Its still here acknowledges the FIN (ack 6)",
		halfopen.numbered(peerFIN, 5, 0), halfopen.acks(stillHere, 6))
	c.says(page, "the side that closed first, the peer (the server of the ladder)",
		halfopen.inOrder(peerFIN, sent(client, fin)))
}

func zeroWindowClaims(c *captureClaims) {
	const page = "docs/01-socket-events.md"
	w := c.capture("zerowindow")
	closed, probe := sent(server, zeroWindow), sent(client, pureACK)
	c.says(page, "The reader's window falls to 0 (win 0), and the writer stops sending",
		w.inOrder(closed), w.nextSent(closed, probe))
	c.says(page, "Now and then the writer's kernel probes the closed window with a segment that carries no new data, and the reader's kernel answers it, its window still 0",
		w.inOrder(closed, probe, closed, probe, closed))
	c.says(page, "Linux answers at most one such probe each half second (net.ipv4.tcp_invalid_ratelimit, 500 ms), so a probe may go unanswered",
		kernelSetting("net/ipv4/tcp_invalid_ratelimit", "500"), w.probeUnanswered())
	c.says(page, "Once the reader reads again, its window opens and the rest goes",
		w.inOrder(closed, sent(server, openWindow), sent(client, carrying(""))), w.bytesSent(client, 16384))
	c.says(page, "Packet ladder: data segments until the reader's window is 0, the writer's probes, each answered with a window of 0, then the rest of the data once the reader reads again",
		w.inOrder(sent(client, carrying("")), closed, probe, closed, sent(server, openWindow), sent(client, carrying(""))))
}

func nagleClaims(c *captureClaims) {
	const page = "docs/03-server.md"
	nagle := c.capture("nagle")
	off, on := onConn(1, sent(client, carrying(""))), onConn(2, sent(client, carrying("")))
	c.says(page, "With Nagle off, the writes leave in many small segments", nagle.atLeast(off, 3))
	c.says(page, "With Nagle on, the first write leaves alone, and the 49 after it wait for its acknowledgement: they leave together, with the FIN, in a second segment",
		nagle.exactly(on, 2), nagle.numbered(on, 1, 2), nagle.inOrder(on, onConn(2, sent(client, withFIN(carrying(""))))), nagle.bytesOn(2, client, 100))
	c.says(page, "on the first, many small data segments; on the second, one segment of 2 bytes, then the other 98 bytes with the FIN",
		nagle.atLeast(off, 3), nagle.numbered(on, 1, 2), nagle.numbered(onConn(2, sent(client, withFIN(carrying("")))), 3, 98))
}

func keepAliveClaims(c *captureClaims) {
	const page = "docs/03-server.md"
	k := c.capture("keepalive")
	probe, answer := withSeq(sent(client, pureACK), 0), sent(server, pureACK)
	c.says(page, "A probe is a segment with no data whose sequence number is one below the client's next: it asks for an acknowledgement, and the server's kernel sends one",
		k.inOrder(afterHandshake(probe, answer)...))
	c.says(page, "Neither program reads or writes a byte", k.bytesSent(client, 0), k.bytesSent(server, 0))
	c.says(page, "Packet ladder: the handshake, then twice a probe from the client and the server's answer, a second apart, then both FINs",
		k.inOrder(afterHandshake(probe, answer, probe, answer, sent(client, fin), sent(server, fin))...),
		k.spaced(probe, 900*time.Millisecond))
}

func robustClaims(c *captureClaims) {
	const page = "docs/05-robust-server.md"
	r := c.capture("robust")
	hello, goodbye := onConn(1, sent(server, carrying("hello"))), onConn(1, sent(server, carrying("idle for 2s: closing")))
	busy := onConn(2, sent(server, carrying("server busy")))
	c.says(page, "The first is greeted, then told idle for 2s: closing two seconds later",
		r.inOrder(hello, goodbye), r.apart(hello, goodbye, 2*time.Second))
	c.says(page, "the second comes while the first holds the only place, and is refused at once",
		r.inOrder(busy, goodbye), r.none(onConn(2, sent(server, carrying("hello")))))
	c.says(page, "Each goodbye is followed by the server's FIN, not a reset",
		r.nextSent(goodbye, onConn(1, sent(server, fin))), r.nextSent(busy, onConn(2, sent(server, fin))), r.none(rst))
	c.says(page, "The server closed first",
		r.inOrder(onConn(1, sent(server, fin)), onConn(1, sent(client, fin))), r.inOrder(onConn(2, sent(server, fin)), onConn(2, sent(client, fin))))
}

var (
	zeroWindow = kind{"a window of 0", func(s ladder.Segment) bool { return s.Window == 0 && !s.Flags.RST && !s.Flags.SYN }}
	openWindow = kind{"an open window", func(s ladder.Segment) bool { return s.Window > 0 && !s.Flags.SYN }}
)

// onConn is a segment of kind k on connection n, counted from 1 in the
// order they opened.
func onConn(n int, k kind) kind {
	return kind{fmt.Sprintf("%s on connection %d", k.name, n), func(s ladder.Segment) bool { return s.Conn == n && k.match(s) }}
}

// withFIN is a segment of kind k that carries the FIN too.
func withFIN(k kind) kind {
	return kind{k.name + " with the FIN", func(s ladder.Segment) bool { return s.Flags.FIN && k.match(s) }}
}

// withSeq is a segment of kind k whose relative sequence number is seq.
// A keep-alive probe from the client is numbered 0, one below the 1 its
// next byte would have: the handshake's ACK is numbered 1.
func withSeq(k kind, seq uint32) kind {
	return kind{fmt.Sprintf("%s numbered %d", k.name, seq), func(s ladder.Segment) bool { return s.Seq == seq && k.match(s) }}
}

// count is how many segments are of kind k.
func (w keptCapture) count(k kind) int {
	n := 0
	for _, s := range w.segments {
		if k.match(s) {
			n++
		}
	}
	return n
}

// atLeast: at least n segments are of kind k.
func (w keptCapture) atLeast(k kind, n int) fact {
	return w.fact(w.count(k) >= n, "at least %d segments of %s (it has %d)", n, k.name, w.count(k))
}

// exactly: n segments are of kind k.
func (w keptCapture) exactly(k kind, n int) fact {
	return w.fact(w.count(k) == n, "%d segments of %s (it has %d)", n, k.name, w.count(k))
}

// acks: the first segment of kind k acknowledges up to ack.
func (w keptCapture) acks(k kind, ack uint32) fact {
	i := w.indexAfter(-1, k)
	return w.fact(i >= 0 && w.segments[i].Flags.ACK && w.segments[i].Ack == ack, "%s acknowledges %d", k.name, ack)
}

// bytesOn: one side's segments on connection conn carry n bytes in all.
func (w keptCapture) bytesOn(conn int, role string, n int) fact {
	total := 0
	for _, s := range w.segments {
		if s.Conn == conn && s.From.Role == role {
			total += s.Len
		}
	}
	return w.fact(total == n, "%d bytes of data from the %s on connection %d (it sent %d)", n, role, conn, total)
}

// spaced: the segments of kind k come at least d apart, and there are
// two at least.
func (w keptCapture) spaced(k kind, d time.Duration) fact {
	var times []time.Duration
	for _, s := range w.segments {
		if k.match(s) {
			times = append(times, s.Time)
		}
	}
	holds := len(times) >= 2
	for i := 1; holds && i < len(times); i++ {
		holds = times[i]-times[i-1] >= d
	}
	return w.fact(holds, "%s, each at least %s after the one before", k.name, d)
}

// apart: the first segment of kind later comes at least d after the
// first of kind first.
func (w keptCapture) apart(first, later kind, d time.Duration) fact {
	i, j := w.indexAfter(-1, first), w.indexAfter(-1, later)
	holds := i >= 0 && j >= 0 && w.segments[j].Time-w.segments[i].Time >= d
	return w.fact(holds, "%s at least %s after %s", later.name, d, first.name)
}

// probeUnanswered: after the client's first probe of a closed window,
// one of its probes is followed by nothing from the server before the
// client's next segment.
func (w keptCapture) probeUnanswered() fact {
	first := w.indexAfter(-1, sent(server, zeroWindow))
	holds := false
	for i := first + 1; first >= 0 && i+1 < len(w.segments); i++ {
		probe := sent(client, pureACK).match(w.segments[i])
		holds = holds || probe && w.segments[i+1].From.Role == client
	}
	return w.fact(holds, "a probe of the client's followed by the client's next segment, unanswered")
}

// kernelSetting is the fact that this machine's kernel has setting (its
// path under /proc/sys) at want: the value the page gives.
func kernelSetting(setting, want string) fact {
	path := "/proc/sys/" + setting
	have, err := os.ReadFile(path)
	got := strings.TrimSpace(string(have))
	return fact{claim: fmt.Sprintf("%s is %s (it is %q, %v)", setting, want, got, err), source: path, holds: err == nil && got == want}
}
