// Wrong: any error reading the length is returned as io.EOF, so a stream
// cut between the two bytes of a length looks like a clean end, and so
// does a connection that failed.
//
// Checker: the stream ended one byte into the two bytes of a frame's length, and readFrame returned the error "EOF"
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
	// bytes arrive. If the length cannot be read, the stream is over.
	var length [2]byte
	if _, err := io.ReadFull(r, length[:]); err != nil {
		return nil, io.EOF
	}
	n := int(binary.BigEndian.Uint16(length[:]))
	if n > max {
		return nil, fmt.Errorf("%w: %d bytes, over %d", errFrameTooLong, n, max)
	}
	msg := make([]byte, n)
	if _, err := io.ReadFull(r, msg); err != nil {
		// The length came, and not all of the message.
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return msg, nil
}
