//go:build check

// The checker of exercise 1 of lesson 1: make check EX=01/1.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

const checkHint = "compare with errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed) and " +
	"errors.Is(err, os.ErrDeadlineExceeded): it looks inside the errors that wrap the cause."

// The hints for the other kinds of mistake.
const (
	unknownHint = "name only the three errors you know, each with errors.Is, and let every other error " +
		"fall through to \"error\": a failure taken for \"end\" looks like a peer that said goodbye."
	textHint = "compare errors with errors.Is, not by their text: the text is for people, " +
		"and \"unexpected EOF\" holds \"EOF\" without being io.EOF."
	resetHint = "\"close\" is net.ErrClosed alone, the connection you closed yourself; a reset " +
		"(syscall.ECONNRESET) is the peer's doing, and falls through to \"error\"."
)

// checkPair connects a client to a server of its own on loopback.
func checkPair(t *testing.T) (client, server net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server, err = ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	client.SetReadDeadline(time.Now().Add(5 * time.Second))
	return client, server
}

// checkRead makes something happen on a real connection and returns the
// error of the client's next Read.
func checkRead(t *testing.T, happen func(client, server net.Conn)) error {
	client, server := checkPair(t)
	happen(client, server)
	_, err := client.Read(make([]byte, 10))
	return err
}

func TestEvent(t *testing.T) {
	cases := []struct {
		what, want string
		cause      string // what the error wraps, for the sentence
		madeUp     bool   // an error the checker made up, none of the four
		err        func() error
	}{
		{"the peer ended its side", "end", "io.EOF", false, func() error {
			return checkRead(t, func(_, server net.Conn) { server.Close() })
		}},
		{"the peer reset the connection", "error", "syscall.ECONNRESET", false, func() error {
			return checkRead(t, func(_, server net.Conn) {
				server.(*net.TCPConn).SetLinger(0) // Close sends a reset
				server.Close()
			})
		}},
		{"we had closed the connection ourselves", "close", "net.ErrClosed", false, func() error {
			return checkRead(t, func(client, _ net.Conn) { client.Close() })
		}},
		{"the read deadline passed", "timeout", "os.ErrDeadlineExceeded", false, func() error {
			return checkRead(t, func(client, _ net.Conn) { client.SetReadDeadline(time.Now()) })
		}},
		{"something else went wrong", "error", "", true, func() error {
			return errors.New("something else")
		}},
		{"a reader found the stream cut short", "error", "io.ErrUnexpectedEOF", true, func() error {
			return &net.OpError{Op: "read", Net: "tcp", Err: io.ErrUnexpectedEOF}
		}},
	}
	// An event that says "error" for an error it has never seen, and yet
	// "end" for "unexpected EOF", has looked at the error's text.
	readsText := event(errors.New("something else")) == "error"
	var said, hints []string
	for _, c := range cases {
		err := c.err()
		got := event(err)
		if got == c.want {
			continue
		}
		// why, which the sentence ends with, is a whole message of its
		// own, for make check to say in the learner's language.
		why, hint := "", checkHint
		switch {
		case got == "end" && errors.Is(err, io.ErrUnexpectedEOF) && readsText:
			why = ` The error's text holds "EOF", but it is io.ErrUnexpectedEOF, not io.EOF: the stream was cut short.`
			hint = textHint
		case c.madeUp:
			why = ` That error is none of the four, and event's doc comment says anything else is "error".`
			hint = unknownHint
		case got == "error" && wrapped(err):
			why = fmt.Sprintf(" The error is a *net.OpError that wraps %s: == sees only the wrapping.", c.cause)
		case got == "close" && c.want == "error":
			why = " A reset is the peer's doing, not a close of your own."
			hint = resetHint
		}
		said = append(said, fmt.Sprintf("when %s (the error %q), event said %q; it should say %q.%s", c.what, err, got, c.want, why))
		if !slices.Contains(hints, hint) {
			hints = append(hints, hint)
		}
	}
	if len(said) > 0 {
		t.Fatalf("%s\nHint: %s", strings.Join(said, "\n"), strings.Join(hints, "\nHint: "))
	}
	t.Logf(`the four events named right, and anything else "error"`)
}

// wrapped tells an error that a *net.OpError wraps.
func wrapped(err error) bool {
	var op *net.OpError
	return errors.As(err, &op)
}
