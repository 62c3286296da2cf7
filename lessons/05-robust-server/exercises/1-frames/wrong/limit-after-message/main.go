// Wrong: the length is compared with max only once the message has been
// read, so a client can make the server make room for, and wait for,
// 64 KiB that it refuses in the end.
//
// Checker: readFrame went on to read its message
package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// errFrameTooLong is readFrame's error for a frame over the limit.
var errFrameTooLong = errors.New("frame too long")

func main() {
	in := bufio.NewReader(os.Stdin)
	for {
		msg, err := readFrame(in, 1024)
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "frames:", err)
			os.Exit(1)
		}
		fmt.Printf("%q\n", msg)
	}
}

// readFrame reads one frame and returns its message. A length over max is
// errFrameTooLong, before any of the message is read. At the end of the
// stream between two frames it returns io.EOF; in the middle of one,
// io.ErrUnexpectedEOF.
func readFrame(r io.Reader, max int) ([]byte, error) {
	// io.ReadFull reads until it has all it asked for, however the
	// bytes arrive: io.EOF if none came, io.ErrUnexpectedEOF if some.
	var length [2]byte
	if _, err := io.ReadFull(r, length[:]); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint16(length[:]))
	msg := make([]byte, n)
	if _, err := io.ReadFull(r, msg); err != nil {
		// The length came, and not all of the message.
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if n > max {
		return nil, fmt.Errorf("%w: %d bytes, over %d", errFrameTooLong, n, max)
	}
	return msg, nil
}
