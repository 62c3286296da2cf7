//go:build check

// The checker of exercise 2 of lesson 3: make check EX=03/2.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"testing"
	"time"
)

const checkHint = "when ctx is done, close the listener and nothing else: context.AfterFunc(ctx, func() { ln.Close() }) " +
	"ends the Accept loop; a sync.WaitGroup counts the clients (clients.Go(...)), and clients.Wait() before run returns waits for them."

// raceHint is the hint when the race detector catches run and the
// clients' goroutines sharing memory, a count of clients say.
const raceHint = "run and the clients' goroutines must not share a plain count: a sync.WaitGroup is made for it, " +
	"clients.Go(...) for each client and clients.Wait() before run returns, " +
	"as in the Accept loop of lesson 3, \"Step 3: stopping in order\"."

// vetHint is the hint when go vet finds a mistake, wg.Add(1) inside the
// goroutine it counts say.
const vetHint = "let clients.Go(func() { ... }) start each client's goroutine and count it in one call, " +
	"in the Accept loop; clients.Wait() before run returns then waits for every one."

// The hints for the other kinds of mistake.
const (
	echoHint   = "each client's goroutine echoes with io.Copy(conn, conn), as the starter's does: keep it."
	listenHint = "context.AfterFunc(ctx, func() { ln.Close() }) closes the listener once ctx is done: " +
		"Accept then returns net.ErrClosed, and the loop ends, as in lesson 3, \"Step 3: stopping in order\"."
	cutHint = "when ctx is done, close the listener only, and leave each client's connection to its goroutine. " +
		"Lesson 3's step 3 also closes every client's connection on Ctrl-C (in its serve): this exercise lets each finish."
	waitHint = "count the clients with a sync.WaitGroup: clients.Go(func() { ... }) starts and counts each one, " +
		"and clients.Wait() before run returns waits for them all."
	doneHint = "run returns once the Accept loop has ended, on the error Accept returns when the listener is closed, " +
		"and every client has been counted off: clients.Go does it when the function returns; " +
		"after clients.Add(1), the goroutine must call clients.Done()."
)

// checkErr says what an error was, for a sentence: nothing if nil.
func checkErr(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf(" (the error %q)", err)
}

func TestStop(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	returned := make(chan struct{})
	go func() {
		run(ctx, ln)
		close(returned)
	}()

	// A client that is served, and stays.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	reader := bufio.NewReader(conn)
	io.WriteString(conn, "first\n")
	if echo, err := reader.ReadString('\n'); err != nil || echo != "first\n" {
		t.Fatalf("a client sent \"first\\n\" and got back %q%s, not its echo.\nHint: %s", echo, checkErr(err), echoHint)
	}

	cancel()
	// No new client is taken once the server stops.
	refused := false
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			refused = true
			break
		}
		c.Close()
	}
	if !refused {
		t.Fatalf("two seconds after ctx was cancelled, new clients could still connect: the listener was not closed.\nHint: %s", listenHint)
	}
	// The client finishes, and ends its side: only then may run return.
	io.WriteString(conn, "last\n")
	if echo, err := reader.ReadString('\n'); err != nil || echo != "last\n" {
		t.Fatalf("after ctx was cancelled, the client still connected sent \"last\\n\" and got back %q%s: "+
			"a client being served is let finish.\nHint: %s", echo, checkErr(err), cutHint)
	}
	select {
	case <-returned:
		t.Fatalf("run returned while a client it served was still connected: it should wait for its clients.\nHint: %s", waitHint)
	default:
	}
	conn.(*net.TCPConn).CloseWrite()
	select {
	case <-returned:
	case <-time.After(2 * time.Second):
		t.Fatalf("the last client ended its side, and two seconds later run had not returned.\nHint: %s", doneHint)
	}
	t.Logf("stopped accepting, let the client finish, then returned")
}
