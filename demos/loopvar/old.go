//go:build go1.21

// The line above compiles this file with Go 1.21's rules, whatever
// go.mod says: a build line that names an older Go than the module's
// sets the language version of its file. Every Go since 1.21 satisfies
// it, so the file is always built.

package main

// ANCHOR: old
// before122 makes a closure on each pass of two loops. Called once the
// loops are over, each returns the conn it kept.
func before122(conns []string) (clause, body []string) {
	var fromClause, fromBody []func() string
	for _, conn := range conns {
		// conn belongs to the for clause: before Go 1.22, one
		// variable for every pass, which the last pass left at
		// "third".
		fromClause = append(fromClause, func() string { return conn })
	}
	for i := range conns {
		// Declared in the body, as lesson 3's conn is: a new
		// variable on each pass, in every version of Go.
		conn := conns[i]
		fromBody = append(fromBody, func() string { return conn })
	}
	return call(fromClause), call(fromBody)
}

// ANCHOR_END: old
