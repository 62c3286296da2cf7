// Command loopvar shows that each iteration of a for loop has variables
// of its own (since Go 1.22), so goroutines started in a loop each see
// the value of their own iteration, even once the loop has moved on.
package main

import (
	"fmt"
	"slices"
	"sync"
)

func main() {
	// ANCHOR: loop
	var mu sync.Mutex
	var seen []string
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, conn := range []string{"first", "second", "third"} {
		wg.Go(func() {
			<-start // look at conn only once the loop is over
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, conn)
		})
	}
	close(start)
	wg.Wait()
	slices.Sort(seen) // the goroutines ran in any order
	fmt.Println("the goroutines saw:", seen)
	// ANCHOR_END: loop
}
