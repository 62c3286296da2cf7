// Command stacks shows what a waiting goroutine costs in stack: a
// goroutine starts with a small stack, which doubles whenever a call
// goes deeper than it has room for, and keeps its size while the
// goroutine waits. A server with a goroutine per connection pays that
// for every connection, idle or not.
package main

import (
	"fmt"
	"runtime/debug"
	"runtime/metrics"
)

const crowd = 10000

func main() {
	// A garbage collection shrinks the stacks of goroutines that use
	// little of theirs: none runs here, so every stack keeps its size.
	debug.SetGCPercent(-1)
	release := make(chan struct{})
	defer close(release)
	fmt.Printf("%d goroutines that wait: %s of stack each\n", crowd, perGoroutine(func() {}, release))
	fmt.Printf("%d goroutines that wait after a call 5 KiB deep: %s of stack each\n", crowd, perGoroutine(deep, release))
}

// perGoroutine starts the crowd, each running before and then waiting
// until release, and says how much stack memory they hold, per
// goroutine. They start one after the other: a stack that one leaves
// behind as it grows is the next one's first.
func perGoroutine(before func(), release chan struct{}) string {
	start := stackBytes()
	for range crowd {
		ready := make(chan struct{})
		go func() {
			before()
			close(ready)
			<-release
		}()
		<-ready
	}
	held := stackBytes() - start
	// Stacks come in sizes that are powers of two: 2 KiB, 4, 8, ...
	return fmt.Sprintf("%d KiB", (held/crowd+512)/1024)
}

// deep uses about 5 KiB of its stack, as a call chain with some
// buffers on it would.
//
//go:noinline
func deep() {
	var buf [5 << 10]byte
	touch(buf[:])
}

//go:noinline
func touch(b []byte) { b[len(b)-1] = 1 }

func stackBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/stacks:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
