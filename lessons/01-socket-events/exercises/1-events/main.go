// Exercise 1 of lesson 1: name the Node event that each way a Read can fail would fire.
//
// Run it: go run ./lessons/01-socket-events/exercises/1-events. Check it:
// make check EX=01/1.
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
	// TODO: the errors that net.Conn returns wrap the cause in a
	// *net.OpError: == sees only the wrapping.
	switch err {
	case io.EOF:
		return "end"
	case net.ErrClosed:
		return "close"
	case os.ErrDeadlineExceeded:
		return "timeout"
	}
	return "error"
}
