package main

// This file is the other end of the wire: the peer that the walk in
// main.go talks to. It plays the server's part of each event: it greets,
// echoes, and answers "bye" with a half-close of its own.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// runPeer serves the peer on its own, for a walk started in another
// terminal with -addr.
func runPeer(addr, addrFile string) error {
	if addr == "" {
		addr = "127.0.0.1:8125"
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen: %w", err)
	}
	fmt.Println("peer listening on", ln.Addr())
	if addrFile != "" {
		if err := os.WriteFile(addrFile+".tmp", []byte(ln.Addr().String()), 0o644); err != nil {
			return err
		}
		if err := os.Rename(addrFile+".tmp", addrFile); err != nil {
			return err
		}
	}
	// On Ctrl-C, closing the listener ends acceptPeers, which closes the
	// connections still open and waits for their goroutines.
	context.AfterFunc(ctx, func() { ln.Close() })
	acceptPeers(ctx, ln, os.Stdout)
	fmt.Println("peer stopped")
	return nil
}

func acceptPeers(ctx context.Context, ln net.Listener, log io.Writer) {
	var peers sync.WaitGroup
	defer peers.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		peers.Go(func() {
			stop := context.AfterFunc(ctx, func() { conn.Close() })
			defer stop()
			peer(conn, log)
		})
	}
}

// peer is the other side of the walk: it greets, echoes each line, and
// answers "bye" with a half-close of its own.
func peer(conn net.Conn, log io.Writer) {
	defer conn.Close()
	io.WriteString(conn, "hello\r\n")
	reader := bufio.NewReaderSize(conn, 64<<10)
	for {
		// ReadSlice hands back long lines in pieces (bufio.ErrBufferFull),
		// which we echo as they come.
		line, err := reader.ReadSlice('\n')
		if string(line) == "bye\r\n" {
			break
		}
		if _, werr := conn.Write(line); werr != nil {
			return
		}
		if err != nil && err != bufio.ErrBufferFull {
			return
		}
	}
	io.WriteString(conn, "bye\r\n")
	conn.(*net.TCPConn).CloseWrite()
	rest, _ := io.ReadAll(reader)
	fmt.Fprintf(log, "peer: after its CloseWrite, received %q\n", rest)
}
