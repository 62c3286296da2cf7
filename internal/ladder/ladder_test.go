package ladder

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	client = Endpoint{Role: "client", Port: 40000}
	server = Endpoint{Role: "server", Port: 8124}
)

// exchange is a short connection: the handshake, a line sent and
// answered, the client's FIN and the server's.
func exchange() Ladder {
	ms := time.Millisecond
	return Ladder{
		Conns: 1,
		Segments: []Segment{
			{Time: 0, Conn: 1, From: client, To: server, Flags: Flags{SYN: true}, Window: 65495},
			{Time: 1 * ms, Conn: 1, From: server, To: client, Flags: Flags{SYN: true, ACK: true}, Ack: 1, Window: 65483},
			{Time: 2 * ms, Conn: 1, From: client, To: server, Flags: Flags{ACK: true}, Seq: 1, Ack: 1, Window: 65536},
			{Time: 3 * ms, Conn: 1, From: client, To: server, Flags: Flags{PSH: true, ACK: true}, Seq: 1, Ack: 1, Len: 8, Window: 65536, Payload: []byte("world!\r\n")},
			{Time: 4 * ms, Conn: 1, From: server, To: client, Flags: Flags{PSH: true, ACK: true}, Seq: 1, Ack: 9, Len: 8, Window: 0, Payload: []byte("world!\r\n")},
			{Time: 5 * ms, Conn: 1, From: client, To: server, Flags: Flags{FIN: true, ACK: true}, Seq: 9, Ack: 9, Window: 65536},
			{Time: 6 * ms, Conn: 1, From: server, To: client, Flags: Flags{FIN: true, ACK: true}, Seq: 9, Ack: 10, Window: 65536},
			{Time: 7 * ms, Conn: 1, From: client, To: server, Flags: Flags{ACK: true}, Seq: 10, Ack: 10, Window: 65536},
		},
		Changes: []State{
			{Time: 2500 * time.Microsecond, Conn: 1, Side: client, State: "ESTABLISHED"},
			{Time: 2500 * time.Microsecond, Conn: 1, Side: server, State: "ESTABLISHED"},
			{Time: 5500 * time.Microsecond, Conn: 1, Side: client, State: "FIN_WAIT2"},
		},
		Final: []State{
			{Time: 8 * ms, Conn: 1, Side: client, State: "TIME_WAIT"},
			{Time: 8 * ms, Conn: 1, Side: server, State: "closed"},
		},
	}
}

func printed(t *testing.T, l Ladder, opt Options) string {
	var out strings.Builder
	require.NoError(t, Print(&out, l, opt))
	return out.String()
}

// Each segment on a line, the states between the segments they came
// after, the final states last.
func TestALadderShowsSegmentsAndStatesInTheirOrder(t *testing.T) {
	want := `time      direction        flags      seq    ack   len    win  data
0.000000  client → server  SYN          0            0  65495
0.001000  server → client  SYN-ACK      0      1     0  65483
0.002000  client → server  ACK          1      1     0  65536
0.002500  state: client ESTABLISHED, server ESTABLISHED
0.003000  client → server  PSH-ACK      1      1     8  65536  "world!\r\n"
0.004000  server → client  PSH-ACK      1      9     8      0  "world!\r\n"
0.005000  client → server  FIN-ACK      9      9     0  65536
0.005500  state: client FIN_WAIT2
0.006000  server → client  FIN-ACK      9     10     0  65536
0.007000  client → server  ACK         10     10     0  65536
at the end: client TIME_WAIT, server closed
`
	assert.Equal(t, want, printed(t, exchange(), Options{}))
}

// Masked, a ladder holds nothing that changes from run to run: no times,
// no window but a zero one, no state but the final ones.
func TestAMaskedLadderHidesTimesWindowsAndPassingStates(t *testing.T) {
	want := `direction        flags      seq    ack   len    win  data
client → server  SYN          0            0    ‹w›
server → client  SYN-ACK      0      1     0    ‹w›
client → server  ACK          1      1     0    ‹w›
client → server  PSH-ACK      1      1     8    ‹w›  "world!\r\n"
server → client  PSH-ACK      1      9     8      0  "world!\r\n"
client → server  FIN-ACK      9      9     0    ‹w›
server → client  FIN-ACK      9     10     0    ‹w›
client → server  ACK         10     10     0    ‹w›
at the end: client TIME_WAIT, server closed
`
	assert.Equal(t, want, printed(t, exchange(), Options{Mask: true}))
}

// Apart, each side's segments keep their own order, and those that only
// acknowledge are left out; so are those sent again (retransmissions),
// which come and go with the machine's load.
func TestEachSideApartLeavesOutBareACKs(t *testing.T) {
	want := `direction        flags      seq   len  data
client → server  SYN          0     0
client → server  PSH-ACK      1     8  "world!\r\n"
client → server  FIN-ACK      9     0
server → client  SYN-ACK      0     0
server → client  PSH-ACK      1     8  "world!\r\n"
server → client  FIN-ACK      9     0
`
	var out strings.Builder
	require.NoError(t, PrintSides(&out, exchange(), Options{Mask: true}))
	assert.Equal(t, want, out.String())
	busy := exchange()
	data, fin := busy.Segments[3], busy.Segments[6]
	busy.Segments = append(busy.Segments[:5:5], data, busy.Segments[5], fin, fin, busy.Segments[7])
	out.Reset()
	require.NoError(t, PrintSides(&out, busy, Options{Mask: true}))
	assert.Equal(t, want, out.String())
}

// A long payload is cut to fit 80 columns, and says so with …; so is
// one the capture kept only the start of.
func TestEveryLineFitsEightyColumns(t *testing.T) {
	l := exchange()
	long := []byte(strings.Repeat("abc\x00", 30))
	l.Segments[3].Payload, l.Segments[3].Len = long, len(long)
	l.Segments[4].Payload, l.Segments[4].Len = []byte("hi"), 1000
	l.Segments[5].Seq, l.Segments[5].Ack = 4000000000, 4000000000
	for _, opt := range []Options{{}, {Mask: true}} {
		text := printed(t, l, opt)
		for line := range strings.Lines(text) {
			assert.LessOrEqual(t, utf8.RuneCountInString(strings.TrimSuffix(line, "\n")), Width, "%q", line)
		}
		assert.Contains(t, text, `"abc\x00abc`)
		assert.Contains(t, text, `…`+"\n")
		assert.Contains(t, text, `"hi…`)
	}
}

// Colours for a terminal: one per direction, and off unless asked.
func TestColoursTellTheDirectionsApart(t *testing.T) {
	plain := printed(t, exchange(), Options{})
	assert.NotContains(t, plain, "\x1b[")
	colored := printed(t, exchange(), Options{Color: true})
	assert.Contains(t, colored, colorClient+"0.000000  client → server  SYN")
	assert.Contains(t, colored, colorServer+"0.001000  server → client  SYN-ACK")
}

// With several connections each side carries its connection's number;
// a side the capture could not name by its role goes by its port.
func TestSidesAreNamedByRoleOrPort(t *testing.T) {
	l := Ladder{Conns: 2}
	assert.Equal(t, "client#2", l.Name(2, client, false))
	l.Conns = 1
	assert.Equal(t, ":8124", l.Name(1, Endpoint{Port: 8124}, false))
	assert.Equal(t, "‹port›", l.Name(1, Endpoint{Port: 8124}, true))
	assert.Equal(t, "RST-ACK", Flags{RST: true, ACK: true}.String())
	assert.Equal(t, "FIN-PSH-ACK", Flags{FIN: true, PSH: true, ACK: true}.String())
}

// The states of many sockets, sampled at one moment, wrap within 80
// columns, in a column of their own.
func TestManyStatesFitEightyColumns(t *testing.T) {
	var words []string
	for i := 1; i <= 6; i++ {
		words = append(words, fmt.Sprintf("client#%d ESTABLISHED", i), fmt.Sprintf("server#%d ESTABLISHED", i))
	}
	lines := wrapWords("0.001000  state: ", words, Width)
	require.Greater(t, len(lines), 1)
	for _, l := range lines {
		assert.LessOrEqual(t, utf8.RuneCountInString(l), Width, l)
	}
	assert.True(t, strings.HasPrefix(lines[1], strings.Repeat(" ", len("0.001000  state: "))+"client#") ||
		strings.HasPrefix(lines[1], strings.Repeat(" ", len("0.001000  state: "))+"server#"), lines[1])
	assert.Equal(t, strings.Join(words, ", "), strings.Join(strings.Fields(strings.Join(lines, " ")), " ")[len("0.001000 state: "):])
}
