//go:build check

// The checker of exercise 1 of lesson 4: make check EX=04/1.
package main

import (
	"fmt"
	"net"
	"testing"
	"time"
)

const checkHint = "declare the counter inside serve (var count atomic.Int64): each client's serve then has its own, " +
	"and the replies of that client, each in a goroutine of its own, share it safely."

func TestCounters(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(conn, 10*time.Millisecond)
		}
	}()
	// Two clients take turns, each waiting for its reply before it
	// talks again.
	var clients [2]net.Conn
	for i := range clients {
		clients[i], err = net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer clients[i].Close()
	}
	for round := range 3 {
		for i, c := range clients {
			c.SetDeadline(time.Now().Add(5 * time.Second))
			fmt.Fprintf(c, "message %d", round)
			buf := make([]byte, 64)
			n, err := c.Read(buf)
			want := fmt.Sprintf("server message %d", round)
			if err != nil || string(buf[:n]) != want {
				why := ""
				if err != nil {
					why = fmt.Sprintf(" (the error %q)", err)
				}
				t.Fatalf("client %d's reply number %d was %q%s; it should have been %q: "+
					"each client counts its own replies, from 0.\nHint: %s", i+1, round+1, buf[:n], why, want, checkHint)
			}
		}
	}
	t.Logf("two clients, taking turns, each got server message 0, 1 and 2")
}
