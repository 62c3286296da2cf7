// Command timerstop shows what Timer.Stop promises: a function that has
// not started will not run. It does not wait for one that has started.
package main

import (
	"fmt"
	"time"
)

func main() {
	// ANCHOR: stop
	// A timer stopped in time: its function never runs.
	early := time.AfterFunc(time.Hour, func() { fmt.Println("never printed") })
	fmt.Println("Stop before the timer fires returns", early.Stop())

	// A timer whose function is already running, and waits to be let go.
	started, release, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	late := time.AfterFunc(0, func() {
		close(started)
		<-release
		close(done)
	})
	<-started
	fmt.Println("Stop once the function has started returns", late.Stop())
	select {
	case <-done:
		fmt.Println("and the function had finished")
	default:
		fmt.Println("and returns at once: the function is still running")
	}
	close(release)
	<-done
	// ANCHOR_END: stop
}
