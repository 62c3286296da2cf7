// Package ladder holds what a capture saw, TCP segment by segment, and
// prints it as a ladder: one line per segment, in the order they crossed
// the wire, with the sockets' states between them. The text is for a
// terminal or a golden file; a drawing can be made from the same values.
package ladder

import (
	"fmt"
	"strings"
	"time"
)

// A Segment is one TCP segment, as the side that received it saw it.
type Segment struct {
	Time    time.Duration // since the capture's first segment
	Conn    int           // the connection, from 1, in the order they began
	From    Endpoint      // the side that sent it
	To      Endpoint      // the side it went to
	Flags   Flags
	Seq     uint32 // relative: 0 is the sender's SYN
	Ack     uint32 // relative to the receiver's SYN; meaningful with Flags.ACK
	Len     int    // the bytes of payload it carries
	Window  int    // the sender's receive window, in bytes (already scaled)
	Payload []byte // the first bytes of the payload, for a preview
}

// An Endpoint is one side of a connection. Role is "client" for the side
// that sent the SYN and "server" for the other; it is "" when the capture
// did not see the SYN, and the side is then known by its port only.
type Endpoint struct {
	Role string
	Port int
}

// Flags are the TCP flags a ladder shows.
type Flags struct {
	SYN, FIN, RST, PSH, ACK bool
}

// String joins the flags that are set: "SYN-ACK", "PSH-ACK", "RST".
func (f Flags) String() string {
	var names []string
	for _, flag := range []struct {
		set  bool
		name string
	}{{f.SYN, "SYN"}, {f.FIN, "FIN"}, {f.RST, "RST"}, {f.PSH, "PSH"}, {f.ACK, "ACK"}} {
		if flag.set {
			names = append(names, flag.name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "-")
}

// A State is what the kernel said of one socket: the state of the
// client's or the server's side of connection Conn, at Time. A socket the
// kernel no longer has is "closed".
type State struct {
	Time  time.Duration // since the capture's first segment
	Conn  int
	Side  Endpoint // the socket's own end
	State string   // as /proc/net/tcp names it: "ESTABLISHED", "TIME_WAIT"
}

// A Ladder is a whole capture: its segments in the order they were seen,
// the changes of state sampled while they went by, and each socket's
// state once the command had ended and its packets were all in.
//
// Which parts repeat from run to run: the segments do, once times and
// ports are hidden (their sequence numbers are relative), but for window
// sizes, which depend on the kernel. The final states do (TIME_WAIT on
// the side that closed first, "closed" on the other). The changes sampled
// in between do not: the kernel tells no one when a socket changes state,
// so the capture asks after each segment, and a state held for a few
// microseconds (SYN_SENT, FIN_WAIT1, LAST_ACK, often CLOSE_WAIT) may come
// and go between two looks, or be seen one segment later.
type Ladder struct {
	Segments []Segment
	Changes  []State // in time order
	Final    []State
	Conns    int // how many connections the segments belong to
}

// Name says who an endpoint is, for people: its role, or its port.
// With several connections the role carries the connection's number:
// "client#2". With mask, a port the capture could not name by role is
// hidden: "‹port›".
func (l Ladder) Name(conn int, e Endpoint, mask bool) string {
	name := e.Role
	switch {
	case name == "" && mask:
		name = "‹port›"
	case name == "":
		name = fmt.Sprintf(":%d", e.Port)
	}
	if l.Conns > 1 {
		name += fmt.Sprintf("#%d", conn)
	}
	return name
}
