// Package capture records the packets of a network interface with a
// packet socket (AF_PACKET), writes and reads them as a .pcap file, and
// decodes their TCP segments into a ladder.
package capture

import (
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A Frame is one packet as the interface carried it, link-layer header
// first, with the time the kernel saw it.
type Frame struct {
	Time time.Time
	Data []byte
}

// A Socket is a packet socket bound to one interface: it receives a copy
// of every frame the interface carries, in both directions.
type Socket struct {
	file *os.File
	raw  syscall.RawConn
	buf  []byte // one frame: loopback hands over frames of up to 64 KiB
	oob  []byte // the kernel's timestamp of the frame
}

// Open opens a packet socket on the interface ifname. It needs the
// capability CAP_NET_RAW in the network namespace the interface lives
// in: root, or the owner of a user namespace of its own.
func Open(ifname string) (*Socket, error) {
	ifi, err := net.InterfaceByName(ifname)
	if err != nil {
		return nil, err
	}
	// The protocol is in network byte order: ETH_P_ALL, every protocol.
	all := int(htons(unix.ETH_P_ALL))
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, all)
	if err != nil {
		return nil, fmt.Errorf("cannot open a packet socket: %w", err)
	}
	setup := []error{
		unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: ifi.Index}),
		// Each frame comes with the time the kernel saw it, in
		// nanoseconds, rather than the later time we read it.
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TIMESTAMPNS, 1),
		// A burst of frames waits in this buffer while we decode; what
		// does not fit is dropped, and Dropped counts it.
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 8<<20),
	}
	if err := errors.Join(setup...); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("cannot set up the packet socket on %s: %w", ifname, err)
	}
	file := os.NewFile(uintptr(fd), "packet socket on "+ifname)
	raw, err := file.SyscallConn()
	if err != nil {
		file.Close()
		return nil, err
	}
	return &Socket{file: file, raw: raw, buf: make([]byte, 256<<10), oob: make([]byte, 64)}, nil
}

func htons(n uint16) uint16 { return n<<8 | n>>8 }

// Next waits for the next frame. After Stop it returns
// os.ErrDeadlineExceeded.
func (s *Socket) Next() (Frame, error) {
	var frame Frame
	var recvErr error
	err := s.raw.Read(func(fd uintptr) bool {
		for {
			var kept bool
			frame, kept, recvErr = s.receive(int(fd))
			switch {
			case kept:
				return true
			case errors.Is(recvErr, unix.EAGAIN):
				return false // nothing yet: the poller waits for more
			case recvErr != nil:
				return true
			}
		}
	})
	if err != nil {
		return Frame{}, err
	}
	return frame, recvErr
}

// Stop makes a Next that waits, or the next one, return.
func (s *Socket) Stop() error {
	return s.file.SetReadDeadline(time.Now())
}

// Queued returns the frames the socket holds that Next has not returned,
// without waiting for more. Call it once Next has stopped.
func (s *Socket) Queued() ([]Frame, error) {
	var frames []Frame
	var recvErr error
	err := s.raw.Control(func(fd uintptr) {
		for {
			frame, ok, err := s.receive(int(fd))
			if err != nil {
				if !errors.Is(err, unix.EAGAIN) {
					recvErr = err
				}
				return
			}
			if ok {
				frames = append(frames, frame)
			}
		}
	})
	return frames, errors.Join(err, recvErr)
}

// receive reads one frame, without waiting. On loopback the socket sees
// each packet twice, once going out and once coming in; ok is false for
// the copy going out, which is dropped, as tcpdump does.
func (s *Socket) receive(fd int) (frame Frame, ok bool, err error) {
	n, oobn, _, from, err := unix.Recvmsg(fd, s.buf, s.oob, unix.MSG_DONTWAIT)
	if err != nil {
		return Frame{}, false, err
	}
	if link, isLink := from.(*unix.SockaddrLinklayer); isLink && link.Pkttype == unix.PACKET_OUTGOING {
		return Frame{}, false, nil
	}
	return Frame{Time: timestamp(s.oob[:oobn]), Data: slices.Clone(s.buf[:n])}, true, nil
}

// timestamp finds the kernel's SO_TIMESTAMPNS among the control
// messages, or takes the time now.
func timestamp(oob []byte) time.Time {
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return time.Now()
	}
	for _, m := range msgs {
		if m.Header.Level == unix.SOL_SOCKET && m.Header.Type == unix.SO_TIMESTAMPNS && len(m.Data) >= int(unsafe.Sizeof(unix.Timespec{})) {
			// The kernel wrote a struct timespec there.
			ts := (*unix.Timespec)(unsafe.Pointer(&m.Data[0]))
			return time.Unix(ts.Unix())
		}
	}
	return time.Now()
}

// Dropped says how many frames the kernel could not queue for us since
// the last call: a capture that misses some says so.
func (s *Socket) Dropped() (int, error) {
	var drops int
	var statsErr error
	err := s.raw.Control(func(fd uintptr) {
		stats, err := unix.GetsockoptTpacketStats(int(fd), unix.SOL_PACKET, unix.PACKET_STATISTICS)
		if err != nil {
			statsErr = err
			return
		}
		drops = int(stats.Drops)
	})
	return drops, errors.Join(err, statsErr)
}

// Close closes the socket.
func (s *Socket) Close() error {
	return s.file.Close()
}
