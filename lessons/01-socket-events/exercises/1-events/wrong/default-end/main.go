// Wrong: the switch names the reset and says "end" for every other
// error, so an error it does not know passes for a peer that said goodbye.
//
// Checker: That error is none of the four
// Checker: let every other error fall through to "error"
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
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return "error"
	case errors.Is(err, net.ErrClosed):
		return "close"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	}
	return "end"
}
