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

const checkHint = "context.AfterFunc(ctx, func() { ln.Close() }) ends the Accept loop when ctx is done; " +
	"a sync.WaitGroup counts the clients (clients.Go(...)), and clients.Wait() before run returns waits for them."

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
		t.Fatalf("a client sent \"first\\n\" and got back %q%s, not its echo.\nHint: %s", echo, checkErr(err), checkHint)
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
		t.Fatalf("two seconds after ctx was cancelled, new clients could still connect: the listener was not closed.\nHint: %s", checkHint)
	}
	// The client finishes, and ends its side: only then may run return.
	io.WriteString(conn, "last\n")
	if echo, err := reader.ReadString('\n'); err != nil || echo != "last\n" {
		t.Fatalf("after ctx was cancelled, the client still connected sent \"last\\n\" and got back %q%s: "+
			"a client being served is let finish.\nHint: %s", echo, checkErr(err), checkHint)
	}
	select {
	case <-returned:
		t.Fatalf("run returned while a client it served was still connected: it should wait for its clients.\nHint: %s", checkHint)
	default:
	}
	conn.(*net.TCPConn).CloseWrite()
	select {
	case <-returned:
	case <-time.After(2 * time.Second):
		t.Fatalf("the last client ended its side, and two seconds later run had not returned.\nHint: %s", checkHint)
	}
	t.Logf("stopped accepting, let the client finish, then returned")
}
