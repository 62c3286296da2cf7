//go:build check

// The checker of exercise 2 of lesson 5: make check EX=05/2.
package main

import (
	"bufio"
	"io"
	"net"
	"testing"
	"time"
)

const checkHint = "make(chan struct{}, max) counts the clients: send into it (select with a default) before " +
	"serving one, receive from it when the client leaves; when the send would block, write \"busy\\n\" and close."

// checkKnock connects and returns the first line the server sends.
func checkKnock(t *testing.T, addr string) (net.Conn, string) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("could not connect: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return conn, "nothing (" + err.Error() + ")"
	}
	return conn, line
}

func TestBusy(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go run(ln, 2)
	addr := ln.Addr().String()

	first, line := checkKnock(t, addr)
	if line != "hello\n" {
		t.Fatalf("the first client read %q, not \"hello\\n\".\nHint: %s", line, checkHint)
	}
	if _, line := checkKnock(t, addr); line != "hello\n" {
		t.Fatalf("the second client, with max 2, read %q, not \"hello\\n\".\nHint: %s", line, checkHint)
	}
	third, line := checkKnock(t, addr)
	if line != "busy\n" {
		t.Fatalf("with 2 clients served and max 2, a third read %q where it should have read \"busy\\n\".\nHint: %s", line, checkHint)
	}
	third.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := third.Read(make([]byte, 10)); err != io.EOF {
		t.Fatalf("after \"busy\\n\" the third client's connection should have ended; reading on gave %d bytes and %v.\nHint: %s", n, err, checkHint)
	}

	// The first leaves: a place is free again.
	first.Close()
	served := false
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline) && !served; {
		_, line := checkKnock(t, addr)
		served = line == "hello\n"
	}
	if !served {
		t.Fatalf("after the first client left, new clients still read \"busy\\n\": a client that leaves gives its place back.\nHint: %s", checkHint)
	}
	t.Logf("two served, the third told busy, and a place given back when one left")
}
