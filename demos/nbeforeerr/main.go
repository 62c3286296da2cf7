// Command nbeforeerr shows why a Read loop looks at n before err: a
// Reader may return its last bytes together with io.EOF.
package main

import (
	"fmt"
	"io"
	"strings"
	"testing/iotest"
)

func main() {
	// DataErrReader returns its last bytes together with io.EOF, which
	// io.Reader allows.
	fmt.Printf("err first: %q\n", errFirst(iotest.DataErrReader(strings.NewReader("hello, world"))))
	fmt.Printf("n first:   %q\n", nFirst(iotest.DataErrReader(strings.NewReader("hello, world"))))
}

func errFirst(r io.Reader) string {
	var got []byte
	buf := make([]byte, 5)
	for {
		n, err := r.Read(buf)
		if err != nil {
			return string(got) // the bytes of this Read are lost
		}
		got = append(got, buf[:n]...)
	}
}

func nFirst(r io.Reader) string {
	var got []byte
	buf := make([]byte, 5)
	for {
		n, err := r.Read(buf)
		got = append(got, buf[:n]...) // use the bytes, then look at err
		if err != nil {
			return string(got)
		}
	}
}
