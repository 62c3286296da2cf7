// Command talk-server is the server half of lesson 4, the delayed-reply
// conversation.
//
// The Node version logs each 'data' event, and answers it two seconds
// later with setTimeout(() => socket.write('server message ' + count++)).
// Go's setTimeout is time.AfterFunc, and clearTimeout is Timer.Stop (the
// steps of this lesson use them). This program makes each waiting reply a
// goroutine that selects on a timer and on its connection's context
// instead: one cancel stops every reply of a client that has gone, and a
// WaitGroup lets us wait for those already writing before we close.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"
)

// ANCHOR: counter
// replies numbers the server's messages, one count shared by all clients
// like the article's module-level `count`. Node runs callbacks one at a
// time; our goroutines run in parallel, so count++ on a plain int would be a
// data race. An atomic counter makes each increment indivisible.
var replies atomic.Int64

// ANCHOR_END: counter

// maxPending bounds the replies one client can have waiting, so a client
// that floods us cannot pile up goroutines without limit.
const maxPending = 64

func main() {
	flags := flag.NewFlagSet("talk-server", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:7788", "`address` to listen on: host:port (\":7788\" for every interface) or unix:/path/to.sock")
	addrFile := flags.String("addr-file", "", "once listening, write the bound address to this `file` (handy with port 0)")
	delay := 2 * time.Second
	flags.Var((*duration)(&delay), "delay", "the `duration` to wait before each reply")
	flags.Parse(os.Args[1:])
	var err error
	switch {
	case flags.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", flags.Arg(0))
	case delay < 0:
		err = errors.New("-delay must not be negative")
	default:
		err = checkAddr(*addr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "talk-server:", err)
		flags.Usage()
		os.Exit(2)
	}

	if err := run(*addr, *addrFile, delay); err != nil {
		fmt.Fprintln(os.Stderr, "talk-server:", err)
		os.Exit(1)
	}
}

func run(addr, addrFile string, delay time.Duration) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	ln, err := listen(addr)
	if err != nil {
		return err
	}
	fmt.Println("server bound")
	if addrFile != "" {
		if err := writeAddrFile(addrFile, ln.Addr()); err != nil {
			ln.Close()
			return err
		}
	}
	context.AfterFunc(ctx, func() { ln.Close() })

	var clients sync.WaitGroup
	pause := 5 * time.Millisecond
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			break
		}
		if err != nil {
			// Out of file descriptors, for one: until some client leaves
			// there is nothing to do but wait a little, longer each time.
			fmt.Fprintln(os.Stderr, "talk-server: accept:", err)
			time.Sleep(pause)
			pause = min(2*pause, time.Second)
			continue
		}
		pause = 5 * time.Millisecond
		clients.Go(func() { serve(ctx, conn, delay) })
	}
	clients.Wait()
	fmt.Println("server closed")
	return nil
}

// ANCHOR: serve
// serve reads the messages and schedules a reply to each.
func serve(ctx context.Context, conn net.Conn, delay time.Duration) {
	// connCtx is cancelled when this client leaves or the server
	// stops; it tells the replies still waiting that nobody wants
	// them any more.
	connCtx, cancel := context.WithCancel(ctx)
	var pending sync.WaitGroup
	slots := make(chan struct{}, maxPending)
	defer func() {
		cancel()
		// A reply blocked in Write, to a client that does not read,
		// gives up at once: the deadline is now.
		conn.SetWriteDeadline(time.Now())
		// Waiting here means no reply outlives the connection, and
		// none is written after the Close below.
		pending.Wait()
		conn.Close()
		fmt.Println("socket closed !")
	}()
	// On shutdown, closing the connection ends the Read below.
	stopWatching := context.AfterFunc(ctx, func() { conn.Close() })
	defer stopWatching()

	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			fmt.Printf("message from client received: %s\n", printable(buf[:n]))
			select {
			case slots <- struct{}{}:
			default:
				fmt.Fprintln(os.Stderr, "talk-server: socket error: too many messages waiting for a reply; dropping the client")
				return
			}
			pending.Go(func() {
				defer func() { <-slots }()
				reply(connCtx, conn, delay)
			})
		}
		switch {
		case err == io.EOF:
			fmt.Println("client disconnected")
			return
		case err != nil && ctx.Err() == nil:
			fmt.Fprintln(os.Stderr, "talk-server: socket error:", reason(err))
			return
		case err != nil:
			return // the server is shutting down
		}
	}
}

// ANCHOR_END: serve

// ANCHOR: reply
// reply is the body of the article's setTimeout callback, run in a
// goroutine of its own. time.AfterFunc would run it too, but Stop does not
// wait for a function that has already started, so we could not be sure
// that no reply is still writing when serve closes the connection.
func reply(ctx context.Context, conn net.Conn, delay time.Duration) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return // the client left while we waited: drop the reply
	case <-timer.C:
	}
	if ctx.Err() != nil {
		return // it left just as the timer fired
	}
	// The number is taken only now, so a reply dropped because its client
	// left takes none.
	n := replies.Add(1) - 1
	if _, err := fmt.Fprintf(conn, "server message %d", n); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "talk-server: socket error:", reason(err))
	}
}

// ANCHOR_END: reply

// ANCHOR: printable
// printable is what a client sent, fit for our terminal: printable text
// as it is, anything else (escape sequences, line breaks, bytes that are
// not UTF-8) written as Go escapes it. A client cannot then clear the
// screen, set its title, or forge a line of our log.
func printable(b []byte) string {
	var out strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&out, `\x%02x`, b[0])
		case unicode.IsPrint(r):
			out.WriteRune(r)
		default:
			quoted := strconv.QuoteRune(r) // '\x1b', '\n'...
			out.WriteString(quoted[1 : len(quoted)-1])
		}
		b = b[size:]
	}
	return out.String()
}

// ANCHOR_END: printable
