// Exercise 1 of lesson 5: frame messages by their length instead of a newline.
//
// A frame is a length, two bytes big-endian, then that many bytes: a
// message may hold any byte, newlines too. Run it, reading frames from
// standard input: printf '\0\5hello\0\2hi' | go run
// ./lessons/05-robust-server/exercises/1-frames. Check it: make check EX=05/1.
package main

import (
	"bufio"
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
	// TODO: a Read returns what has come, which may be part of a frame
	// or more than one. Read the two bytes of the length exactly, then
	// exactly that many (io.ReadFull does both).
	buf := make([]byte, 1024)
	n, err := r.Read(buf)
	if n < 2 {
		return nil, err
	}
	return buf[2:n], nil
}
