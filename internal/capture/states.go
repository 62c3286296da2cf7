package capture

import (
	"slices"
	"time"

	"tcpgo/internal/ladder"
	"tcpgo/internal/tcpstates"
)

// A Sample is the kernel's list of sockets at one moment of a capture.
type Sample struct {
	Time    time.Time
	Sockets tcpstates.Snapshot
}

// Build makes the ladder of a capture: the segments of its frames, the
// changes of state its samples show, and the states of the last sample,
// taken once the command had ended.
func Build(frames []Frame, samples []Sample) ladder.Ladder {
	segments, conns, start := Segments(frames)
	l := ladder.Ladder{Segments: segments, Conns: len(conns)}
	if len(samples) == 0 {
		return l
	}
	// Samples come from two places, each in its own order: after each
	// frame, and every few milliseconds. The last is taken after both.
	last := samples[len(samples)-1]
	samples = slices.SortedStableFunc(slices.Values(samples), func(a, b Sample) int { return a.Time.Compare(b.Time) })
	l.Changes = changes(conns, samples, start)
	for i, c := range conns {
		for _, sock := range sockets(c) {
			l.Final = append(l.Final, ladder.State{Time: last.Time.Sub(start), Conn: i + 1, Side: sock.side, State: stateIn(last.Sockets, sock.pair)})
		}
	}
	return l
}

// socketOf is one socket of a connection: its end, named as the ladder
// names it, and the pair of addresses the kernel lists it under.
type socketOf struct {
	side ladder.Endpoint
	pair tcpstates.Pair
}

// sockets returns the client's socket, then the server's.
func sockets(c Conn) [2]socketOf {
	client := ladder.Endpoint{Port: int(c.Client.Port())}
	server := ladder.Endpoint{Port: int(c.Server.Port())}
	if c.Roles {
		client.Role, server.Role = "client", "server"
	}
	return [2]socketOf{
		{client, tcpstates.Pair{Local: c.Client, Remote: c.Server}},
		{server, tcpstates.Pair{Local: c.Server, Remote: c.Client}},
	}
}

// stateIn is the state of a socket, or "closed" when the kernel no
// longer lists it.
func stateIn(snap tcpstates.Snapshot, pair tcpstates.Pair) string {
	if s, ok := snap[pair]; ok {
		return s.State
	}
	return "closed"
}

// changes lists each socket's state every time a sample shows it
// different from the sample before. A socket is "closed" once it has
// been seen and the kernel no longer lists it.
func changes(conns []Conn, samples []Sample, start time.Time) []ladder.State {
	last := map[tcpstates.Pair]string{}
	var out []ladder.State
	for _, sample := range samples {
		for i, c := range conns {
			for _, sock := range sockets(c) {
				_, exists := sample.Sockets[sock.pair]
				_, seen := last[sock.pair]
				state := stateIn(sample.Sockets, sock.pair)
				if (!exists && !seen) || last[sock.pair] == state {
					continue
				}
				last[sock.pair] = state
				at := max(sample.Time.Sub(start), 0)
				out = append(out, ladder.State{Time: at, Conn: i + 1, Side: sock.side, State: state})
			}
		}
	}
	return out
}
