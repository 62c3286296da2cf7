// Command loopvar shows which variables of a loop are new on each pass.
// Since Go 1.22 the variables of the for clause are, so goroutines
// started in a loop each see the value of their own pass, even once the
// loop has moved on. A variable declared in the loop's body always was
// new on each pass: old.go, compiled with Go 1.21's rules, shows both.
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

	clause, body := before122([]string{"first", "second", "third"})
	fmt.Println("with Go 1.21's rules, closures made in a loop saw:")
	fmt.Println(" ", clause, "from the for clause's variable")
	fmt.Println(" ", body, "from a variable declared in the loop's body")
}

// call calls each closure, once the loop that made them is over.
func call(closures []func() string) []string {
	var got []string
	for _, f := range closures {
		got = append(got, f())
	}
	return got
}
