// Command bufsize shows that bufio makes no buffer smaller than 16 bytes:
// asked for 12, a Reader holds 16, and ReadSlice returns a line of 14
// bytes whole, where a buffer of 12 would have been full.
package main

import (
	"bufio"
	"fmt"
	"strings"
)

func main() {
	// ANCHOR: size
	// Two lines: 12 bytes and "\r\n", then 16 bytes and "\r\n".
	lines := strings.NewReader("0123456789ab\r\n0123456789abcdef\r\n")
	r := bufio.NewReaderSize(lines, 10+2) // -max-line 10, and "\r\n"
	fmt.Println("asked for a buffer of 12 bytes, got", r.Size())
	for range 2 {
		line, err := r.ReadSlice('\n')
		fmt.Printf("ReadSlice: %d bytes %q, error: %v\n", len(line), line, err)
		if err != nil {
			break
		}
	}
	// ANCHOR_END: size
}
