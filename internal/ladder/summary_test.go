package ladder

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func summarized(t *testing.T, l Ladder) string {
	var out strings.Builder
	require.NoError(t, PrintSummary(&out, l, Options{Mask: true}))
	return out.String()
}

// The exchange's counts: SYNs, the data and its bytes, the FINs; the
// ACKs alone are not counted, and the echo's window of zero is.
func TestASummaryCountsEachSidesSegmentsByKind(t *testing.T) {
	want := `client → server: 1 SYN, 1 data segment (8 bytes), 1 FIN
server → client: 1 SYN, 1 data segment (8 bytes), 1 zero window, 1 FIN
at the end: client TIME_WAIT, server closed
`
	assert.Equal(t, want, summarized(t, exchange()))
}

// idle is a connection on which the client sends keep-alive probes: an
// ACK with the sequence number before its next one, which the server
// answers with an ACK. The last probe goes unanswered.
func idle() Ladder {
	l := exchange()
	l.Segments = l.Segments[:3] // the handshake
	ack := func(from, to Endpoint, seq, ack uint32) Segment {
		return Segment{Time: time.Second, Conn: 1, From: from, To: to, Flags: Flags{ACK: true}, Seq: seq, Ack: ack, Window: 65536}
	}
	l.Segments = append(l.Segments,
		ack(client, server, 0, 1), ack(server, client, 1, 1),
		ack(client, server, 0, 1), ack(server, client, 1, 1),
		ack(client, server, 0, 1))
	l.Final = nil
	return l
}

func TestASummaryCountsProbesAndTheirAnswers(t *testing.T) {
	want := `client → server: 1 SYN, 3 probes
server → client: 1 SYN, 2 answers to probes
`
	assert.Equal(t, want, summarized(t, idle()))
}

// A side that has sent nothing but acknowledgements says so; a capture
// without the SYN names the sides by their ports, hidden when masked.
func TestASummaryOfACaptureWithoutItsHandshake(t *testing.T) {
	l := exchange()
	l.Segments = l.Segments[2:3]
	for i := range l.Segments {
		l.Segments[i].From.Role, l.Segments[i].To.Role = "", ""
	}
	l.Final = nil
	assert.Equal(t, "‹port› → ‹port›: acknowledgements only\n‹port› → ‹port›: acknowledgements only\n", summarized(t, l))
}

// Data sent again is a retransmission, its bytes not counted twice; a
// segment that sends some bytes again and some new counts the new ones.
func TestASummaryCountsRetransmissionsApart(t *testing.T) {
	l := exchange()
	again := l.Segments[3]
	longer := again
	longer.Len, longer.Payload = 10, []byte("world!\r\nhi")
	l.Segments = append(l.Segments[:4:4], again, longer)
	l.Final = nil
	want := `client → server: 1 SYN, 1 data segment (10 bytes), 2 retransmissions
server → client: 1 SYN
`
	assert.Equal(t, want, summarized(t, l))
}

// A SYN or a FIN sent again counts as a retransmission, not as a second
// SYN or FIN; a busy machine makes the timer fire now and then.
func TestASummaryCountsARepeatedFINOnce(t *testing.T) {
	l := exchange()
	l.Segments = append(l.Segments, l.Segments[len(l.Segments)-2], l.Segments[0])
	l.Final = nil
	text := summarized(t, l)
	assert.Contains(t, text, "client → server: 1 SYN, 1 data segment (8 bytes), 1 retransmission, 1 FIN\n")
	assert.NotContains(t, text, "2 FINs")
}
