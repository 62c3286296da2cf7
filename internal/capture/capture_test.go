package capture

import (
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/ladder"
	"tcpgo/internal/tcpstates"
)

// frame builds a loopback frame that carries one TCP segment, as the
// kernel hands it over: an Ethernet header of zeros, IPv4, TCP.
func frame(t *testing.T, at time.Duration, srcPort, dstPort int, tcp layers.TCP, payload string) Frame {
	ip := layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: net.IPv4(127, 0, 0, 1), DstIP: net.IPv4(127, 0, 0, 1)}
	tcp.SrcPort, tcp.DstPort = layers.TCPPort(srcPort), layers.TCPPort(dstPort)
	require.NoError(t, tcp.SetNetworkLayerForChecksum(&ip))
	eth := layers.Ethernet{SrcMAC: make(net.HardwareAddr, 6), DstMAC: make(net.HardwareAddr, 6), EthernetType: layers.EthernetTypeIPv4}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	require.NoError(t, gopacket.SerializeLayers(buf, opts, &eth, &ip, &tcp, gopacket.Payload(payload)))
	return Frame{Time: time.Unix(1000, 0).Add(at), Data: buf.Bytes()}
}

func scale(shift byte) []layers.TCPOption {
	return []layers.TCPOption{{OptionType: layers.TCPOptionKindWindowScale, OptionLength: 3, OptionData: []byte{shift}}}
}

// A handshake with window scaling, a line, and a reset: a client at port
// 40000, a server at 8124, with initial sequence numbers far from zero.
func handshake(t *testing.T) []Frame {
	const c, s = 3_000_000_000, 77
	return []Frame{
		frame(t, 0, 40000, 8124, layers.TCP{SYN: true, Seq: c, Window: 65495, Options: scale(7)}, ""),
		frame(t, time.Millisecond, 8124, 40000, layers.TCP{SYN: true, ACK: true, Seq: s, Ack: c + 1, Window: 65483, Options: scale(10)}, ""),
		frame(t, 2*time.Millisecond, 40000, 8124, layers.TCP{ACK: true, Seq: c + 1, Ack: s + 1, Window: 512}, ""),
		frame(t, 3*time.Millisecond, 40000, 8124, layers.TCP{PSH: true, ACK: true, Seq: c + 1, Ack: s + 1, Window: 512}, "hi\n"),
		frame(t, 4*time.Millisecond, 8124, 40000, layers.TCP{RST: true, ACK: true, Seq: s + 1, Ack: c + 4, Window: 0}, ""),
	}
}

// Sequence numbers count from each side's SYN, windows are scaled by the
// shift their sender asked for, and the side that sent the SYN is the
// client.
func TestSegmentsAreRelativeScaledAndNamedByRole(t *testing.T) {
	segments, conns, _ := Segments(handshake(t))
	require.Len(t, segments, 5)
	require.Len(t, conns, 1)
	assert.True(t, conns[0].Roles)
	assert.Equal(t, uint16(40000), conns[0].Client.Port())

	syn, synAck, ack, data, rst := segments[0], segments[1], segments[2], segments[3], segments[4]
	assert.Equal(t, ladder.Endpoint{Role: "client", Port: 40000}, syn.From)
	assert.Equal(t, ladder.Endpoint{Role: "server", Port: 8124}, synAck.From)
	assert.Equal(t, "SYN-ACK", synAck.Flags.String())
	assert.Equal(t, []uint32{0, 0, 1, 1, 1}, []uint32{syn.Seq, synAck.Seq, ack.Seq, data.Seq, rst.Seq})
	assert.Equal(t, []uint32{1, 1, 1, 4}, []uint32{synAck.Ack, ack.Ack, data.Ack, rst.Ack})
	assert.Equal(t, 65495, syn.Window, "a SYN's window is never scaled")
	assert.Equal(t, 512<<7, ack.Window)
	assert.Equal(t, 0, rst.Window)
	assert.Equal(t, 3, data.Len)
	assert.Equal(t, "hi\n", string(data.Payload))
	assert.Equal(t, 3*time.Millisecond, data.Time)
	assert.True(t, rst.Flags.RST)
}

// Without its SYN, a connection's sides go by their ports.
func TestWithoutTheSYNSidesGoByPort(t *testing.T) {
	segments, conns, _ := Segments(handshake(t)[2:])
	assert.False(t, conns[0].Roles)
	assert.Equal(t, ladder.Endpoint{Port: 40000}, segments[0].From)
	assert.Equal(t, uint32(0), segments[0].Seq, "counted from the first segment seen")
}

// What WritePcap writes, ReadPcap reads back, byte for byte and to the
// nanosecond.
func TestAPcapReadsBackTheSameFrames(t *testing.T) {
	frames := handshake(t)
	frames[1].Time = frames[1].Time.Add(123 * time.Nanosecond)
	path := filepath.Join(t.TempDir(), "sub", "capture.pcap")
	require.NoError(t, WritePcap(path, frames))
	back, err := ReadPcap(path)
	require.NoError(t, err)
	require.Len(t, back, len(frames))
	for i := range frames {
		assert.Equal(t, frames[i].Data, back[i].Data)
		assert.True(t, frames[i].Time.Equal(back[i].Time), "%s and %s", frames[i].Time, back[i].Time)
	}
}

// The states of each socket: a change each time a sample differs, a
// socket the kernel no longer lists is closed, and the last sample gives
// the final states.
func TestStatesChangeWhenTheSamplesDiffer(t *testing.T) {
	frames := handshake(t)
	_, conns, start := Segments(frames)
	own := sockets(conns[0])
	client, server := own[0].pair, own[1].pair
	at := func(d time.Duration, snap tcpstates.Snapshot) Sample {
		return Sample{Time: start.Add(d), Sockets: snap}
	}
	samples := []Sample{
		at(0, tcpstates.Snapshot{client: {State: "SYN_SENT"}}),
		at(2*time.Millisecond, tcpstates.Snapshot{client: {State: "ESTABLISHED"}, server: {State: "ESTABLISHED"}}),
		at(3*time.Millisecond, tcpstates.Snapshot{client: {State: "ESTABLISHED", Unacked: 3}, server: {State: "ESTABLISHED"}}),
		at(5*time.Millisecond, tcpstates.Snapshot{}),
	}
	l := Build(frames, samples)
	var got []string
	for _, c := range l.Changes {
		got = append(got, c.Side.Role+" "+c.State)
	}
	assert.Equal(t, []string{"client SYN_SENT", "client ESTABLISHED", "server ESTABLISHED", "client closed", "server closed"}, got)
	assert.Equal(t, []ladder.State{
		{Time: 5 * time.Millisecond, Conn: 1, Side: ladder.Endpoint{Role: "client", Port: 40000}, State: "closed"},
		{Time: 5 * time.Millisecond, Conn: 1, Side: ladder.Endpoint{Role: "server", Port: 8124}, State: "closed"},
	}, l.Final)
}
