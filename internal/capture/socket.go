// Package capture records the packets of a network interface with a
// packet socket (AF_PACKET), writes and reads them as a .pcap file, and
// decodes their TCP segments into a ladder.
package capture

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/gopacket/gopacket/afpacket"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// A Frame is one packet as the interface carried it, link-layer header
// first, with the time the kernel saw it. Data may hold the first bytes
// only of a long frame: Length is its whole length.
type Frame struct {
	Time   time.Time
	Data   []byte
	Length int
}

// The ring the kernel copies frames into, shared with us: 8192 frames
// of 2 KiB, 16 MiB in all. A frame keeps its first 2 KiB or so, headers
// and the start of its payload, which is all a ladder shows; a transfer
// of many megabytes fills the ring without the kernel having to drop
// frames while we decode. A plain packet socket holds whole frames, as
// many as fit its receive buffer (net.core.rmem_max): on loopback, where
// a frame may be 64 KiB, a few dozen.
const (
	frameSize   = 2048
	blockSize   = 1 << 20
	blocks      = 16
	pollTimeout = 20 * time.Millisecond // how often Next looks whether it was stopped
)

// ErrStopped is what Next returns once Stop was called and every frame
// captured before has been returned.
var ErrStopped = errors.New("capture stopped")

// A Socket is a packet socket bound to one interface: it receives a copy
// of every frame the interface carries.
type Socket struct {
	ring     *afpacket.TPacket
	stopping atomic.Bool
}

// Open opens a packet socket on the interface ifname, with gopacket's
// afpacket. It needs the capability CAP_NET_RAW in the network namespace
// the interface lives in: root, or the owner of a user namespace.
func Open(ifname string) (*Socket, error) {
	ring, err := afpacket.NewTPacket(
		afpacket.OptInterface(ifname),
		// Version 2 hands each frame over as soon as it is in; version
		// 3 waits for a block to fill, or for a timeout.
		afpacket.OptTPacketVersion(afpacket.TPacketVersion2),
		afpacket.OptFrameSize(frameSize),
		afpacket.OptBlockSize(blockSize),
		afpacket.OptNumBlocks(blocks),
		afpacket.OptPollTimeout(pollTimeout),
	)
	if err != nil {
		return nil, fmt.Errorf("cannot open a packet socket on %s: %w", ifname, err)
	}
	if err := ring.SetBPF(incomingOnly); err != nil {
		ring.Close()
		return nil, fmt.Errorf("cannot filter the packet socket: %w", err)
	}
	return &Socket{ring: ring}, nil
}

// incomingOnly is a filter the kernel runs on each frame before it
// copies it to us. On loopback a packet socket sees every packet twice,
// going out and coming in; the filter keeps the copy coming in, as
// tcpdump does. It asks the kernel for the packet's type, an extension
// of classic BPF.
var incomingOnly = func() []bpf.RawInstruction {
	program, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadExtension{Num: bpf.ExtType},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: unix.PACKET_OUTGOING, SkipTrue: 1},
		bpf.RetConstant{Val: frameSize}, // keep up to this many bytes
		bpf.RetConstant{Val: 0},         // drop
	})
	if err != nil {
		panic(err) // a mistake in the program above, found by any test
	}
	return program
}()

// Next waits for the next frame. Once Stop was called, it returns the
// frames still in the ring, then ErrStopped.
func (s *Socket) Next() (Frame, error) {
	for {
		data, info, err := s.ring.ReadPacketData()
		if errors.Is(err, afpacket.ErrTimeout) {
			if s.stopping.Load() {
				return Frame{}, ErrStopped
			}
			continue
		}
		if err != nil {
			return Frame{}, err
		}
		return Frame{Time: info.Timestamp, Data: data, Length: info.Length}, nil
	}
}

// Stop makes Next return ErrStopped once the ring is empty.
func (s *Socket) Stop() {
	s.stopping.Store(true)
}

// Dropped says how many frames the kernel could not copy for us, the
// ring being full: a capture that misses some says so.
func (s *Socket) Dropped() (int, error) {
	stats, _, err := s.ring.SocketStats()
	return int(stats.Drops()), err
}

// Close closes the socket.
func (s *Socket) Close() {
	s.ring.Close()
}
