// Wrong: event looks for words in the error's text, as one might in
// err.message, and "unexpected EOF" holds "EOF" without being io.EOF.
//
// Checker: but it is io.ErrUnexpectedEOF, not io.EOF
// Checker: compare errors with errors.Is, not by their text
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
)

func main() {
	for _, err := range []error{
		io.EOF,
		&net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)},
		&net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed},
		&net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded},
		errors.New("something else"),
	} {
		fmt.Printf("%-55s '%s'\n", err, event(err))
	}
}

// event is the name of the Node event that a Read's error would fire:
//
//	"end"      the peer ended its side (io.EOF)
//	"error"    the peer reset the connection (syscall.ECONNRESET), or
//	           anything else
//	"close"    we had closed the connection ourselves (net.ErrClosed)
//	"timeout"  the read deadline passed (os.ErrDeadlineExceeded)
func event(err error) string {
	// The words that Go's errors use: "EOF", "use of closed network
	// connection", "i/o timeout".
	text := err.Error()
	switch {
	case strings.Contains(text, "EOF"):
		return "end"
	case strings.Contains(text, "closed"):
		return "close"
	case strings.Contains(text, "timeout"):
		return "timeout"
	}
	return "error"
}
