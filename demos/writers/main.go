// Command writers shows several goroutines writing to one connection at
// once. net.Conn allows it, and each Write goes out whole: another
// goroutine's Write never lands in the middle of it.
package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
)

const (
	writers = 8
	writes  = 1000
	size    = 4 << 10 // bytes per Write
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	peer, err := ln.Accept()
	check(err)

	// ANCHOR: write
	// Each goroutine writes blocks made of one letter of its own.
	var wg sync.WaitGroup
	for w := range writers {
		block := bytes.Repeat([]byte{byte('a' + w)}, size)
		wg.Go(func() {
			for range writes {
				conn.Write(block)
			}
		})
	}
	go func() {
		wg.Wait()
		conn.Close()
	}()
	// ANCHOR_END: write

	// ANCHOR: check
	// Read the stream back in blocks: a block of mixed letters would be a
	// Write that another one cut into.
	whole, mixed := 0, 0
	block := make([]byte, size)
	for {
		if _, err := io.ReadFull(peer, block); err != nil {
			break // io.EOF: every writer is done
		}
		if bytes.Count(block, block[:1]) == size {
			whole++
		} else {
			mixed++
		}
	}
	fmt.Printf("%d goroutines wrote %d blocks of %d bytes: %d arrived whole, %d mixed\n", writers, writers*writes, size, whole, mixed)
	// ANCHOR_END: check
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "writers:", err)
		os.Exit(1)
	}
}
