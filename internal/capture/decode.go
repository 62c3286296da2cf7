package capture

import (
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"tcpgo/internal/ladder"
)

// previewBytes is how much of a payload a segment keeps for its preview:
// more than a line of the ladder shows.
const previewBytes = 64

// A Conn is one TCP connection of a capture: its two ends, and whether
// the capture saw its SYN, which tells the client from the server.
type Conn struct {
	Client, Server netip.AddrPort // without the SYN, the first sender and its peer
	Roles          bool
}

// flow is what decoding needs to remember of a connection: its number,
// and each side's initial sequence number and window scale.
type flow struct {
	n     int
	conn  Conn
	isn   map[netip.AddrPort]uint32
	scale map[netip.AddrPort]int // the shift each side asked for in its SYN
}

// decoder turns frames into segments, one connection at a time.
type decoder struct {
	start time.Time
	flows map[[2]netip.AddrPort]*flow
	conns []Conn
}

// Segments decodes the TCP segments among the frames, with gopacket's
// layers; frames of other protocols are left out. Times are counted from
// the first segment. It also returns the connections, in the order they
// began: Segment.Conn counts from 1 into them.
func Segments(frames []Frame) ([]ladder.Segment, []Conn, time.Time) {
	d := decoder{flows: map[[2]netip.AddrPort]*flow{}}
	var segments []ladder.Segment
	for _, f := range frames {
		packet := gopacket.NewPacket(f.Data, layers.LayerTypeEthernet, gopacket.DecodeOptions{Lazy: true, NoCopy: true})
		tcp, ok := packet.Layer(layers.LayerTypeTCP).(*layers.TCP)
		if !ok {
			continue
		}
		src, dst, length, ok := addresses(packet, tcp)
		if !ok {
			continue
		}
		if d.start.IsZero() {
			d.start = f.Time
		}
		segment := d.segment(f.Time, src, dst, tcp)
		segment.Len = length
		segments = append(segments, segment)
	}
	return segments, d.conns, d.start
}

// addresses returns the ends of a segment, IP address and port, and the
// length of its payload. The length comes from the IP header: the
// capture may hold the start of the payload only.
func addresses(packet gopacket.Packet, tcp *layers.TCP) (src, dst netip.AddrPort, length int, ok bool) {
	var srcIP, dstIP []byte
	switch ip := packet.NetworkLayer().(type) {
	case *layers.IPv4:
		srcIP, dstIP = ip.SrcIP, ip.DstIP
		length = int(ip.Length) - int(ip.IHL)*4
	case *layers.IPv6:
		srcIP, dstIP = ip.SrcIP, ip.DstIP
		length = int(ip.Length) // no extension headers on loopback
	default:
		return src, dst, 0, false
	}
	s, ok1 := netip.AddrFromSlice(srcIP)
	d, ok2 := netip.AddrFromSlice(dstIP)
	src = netip.AddrPortFrom(s.Unmap(), uint16(tcp.SrcPort))
	dst = netip.AddrPortFrom(d.Unmap(), uint16(tcp.DstPort))
	return src, dst, length - int(tcp.DataOffset)*4, ok1 && ok2
}

func (d *decoder) segment(t time.Time, src, dst netip.AddrPort, tcp *layers.TCP) ladder.Segment {
	fl := d.flowOf(src, dst, tcp)
	if _, seen := fl.isn[src]; !seen {
		fl.isn[src] = tcp.Seq
	}
	if tcp.SYN {
		fl.scale[src] = windowScale(tcp)
	}
	s := ladder.Segment{
		Time:   t.Sub(d.start),
		Conn:   fl.n,
		From:   fl.endpoint(src),
		To:     fl.endpoint(dst),
		Flags:  ladder.Flags{SYN: tcp.SYN, FIN: tcp.FIN, RST: tcp.RST, PSH: tcp.PSH, ACK: tcp.ACK},
		Seq:    tcp.Seq - fl.isn[src],
		Window: fl.window(src, dst, tcp),
	}
	if tcp.ACK {
		s.Ack = tcp.Ack - fl.isn[dst] // an ACK acknowledges a SYN, so dst's ISN is known
	}
	s.Payload = append([]byte(nil), tcp.Payload[:min(len(tcp.Payload), previewBytes)]...)
	return s
}

// flowOf finds the connection a segment belongs to, or begins one. A SYN
// with a new sequence number on the ends of an old connection begins a
// new one: the port was used again.
func (d *decoder) flowOf(src, dst netip.AddrPort, tcp *layers.TCP) *flow {
	key := [2]netip.AddrPort{src, dst}
	if src.Compare(dst) > 0 {
		key = [2]netip.AddrPort{dst, src}
	}
	fl, ok := d.flows[key]
	opening := tcp.SYN && !tcp.ACK
	if ok && !(opening && fl.isn[src] != tcp.Seq) {
		return fl
	}
	// The side that sends the SYN is the client. Without a SYN, the
	// capture began in the middle: the first sender stands in.
	conn := Conn{Client: src, Server: dst, Roles: opening}
	d.conns = append(d.conns, conn)
	fl = &flow{n: len(d.conns), conn: conn, isn: map[netip.AddrPort]uint32{}, scale: map[netip.AddrPort]int{}}
	d.flows[key] = fl
	return fl
}

// endpoint names one end of the flow by its role, when the SYN told it.
func (fl *flow) endpoint(end netip.AddrPort) ladder.Endpoint {
	e := ladder.Endpoint{Port: int(end.Port())}
	switch {
	case !fl.conn.Roles:
	case end == fl.conn.Client:
		e.Role = "client"
	default:
		e.Role = "server"
	}
	return e
}

// windowScale is the shift a SYN asks for (RFC 7323), or -1 for none.
func windowScale(tcp *layers.TCP) int {
	for _, opt := range tcp.Options {
		if opt.OptionType == layers.TCPOptionKindWindowScale && len(opt.OptionData) == 1 {
			return int(opt.OptionData[0])
		}
	}
	return -1
}

// window is the sender's receive window in bytes. The field holds 16
// bits; once both SYNs asked for scaling, it counts in units of 2^shift,
// the shift the sender asked for. A SYN's own window is never scaled.
func (fl *flow) window(src, dst netip.AddrPort, tcp *layers.TCP) int {
	shift, ok1 := fl.scale[src]
	peer, ok2 := fl.scale[dst]
	if tcp.SYN || !ok1 || !ok2 || shift < 0 || peer < 0 {
		return int(tcp.Window)
	}
	return int(tcp.Window) << shift
}
