package capture

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// snapLength is the most of a frame the .pcap file says it may keep:
// each record says how much of its frame it holds.
const snapLength = frameSize

// WritePcap writes the frames to a .pcap file at path, making its folder
// if need be. Loopback frames carry an Ethernet header (with addresses of
// zeros), so the file's link type is Ethernet, as tcpdump's is on lo.
func WritePcap(path string, frames []Frame) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = writeFrames(w, frames)
	return errors.Join(err, w.Flush(), f.Close())
}

func writeFrames(w io.Writer, frames []Frame) error {
	pcap := pcapgo.NewWriterNanos(w)
	if err := pcap.WriteFileHeader(snapLength, layers.LinkTypeEthernet); err != nil {
		return err
	}
	for _, f := range frames {
		info := gopacket.CaptureInfo{Timestamp: f.Time, CaptureLength: len(f.Data), Length: max(f.Length, len(f.Data))}
		if err := pcap.WritePacket(info, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// NotPcapError is the error of a file that is not a .pcap file.
type NotPcapError struct{ Path string }

func (e NotPcapError) Error() string {
	return e.Path + " is not a .pcap file (tcpdump -w and wire write them)"
}

// ReadPcap reads back the frames of a .pcap file.
func ReadPcap(path string) ([]Frame, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := pcapgo.NewReader(bufio.NewReader(f))
	if err != nil {
		// Its first bytes are not a .pcap file's header.
		return nil, NotPcapError{path}
	}
	var frames []Frame
	for {
		data, info, err := r.ReadPacketData()
		if err == io.EOF {
			return frames, nil
		}
		if err != nil {
			return frames, err
		}
		frames = append(frames, Frame{Time: info.Timestamp, Data: data, Length: info.Length})
	}
}
