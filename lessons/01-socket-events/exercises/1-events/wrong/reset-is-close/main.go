// Wrong: a reset is named "close", though it is the peer's doing and
// the doc comment has it fall through to "error".
//
// Checker: A reset is the peer's doing, not a close of your own.
// Checker: "close" is net.ErrClosed alone
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
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
	// errors.Is looks through the *net.OpError and *os.SyscallError
	// that wrap the cause.
	switch {
	case errors.Is(err, io.EOF):
		return "end"
	case errors.Is(err, net.ErrClosed), errors.Is(err, syscall.ECONNRESET):
		return "close"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	}
	return "error"
}
