// Package programs names the repository's programs and the package that
// builds each. It is the one table of them: make build builds the lessons
// it lists (a test checks the Makefile against it), the test suite builds
// every program for its scripts, and make bench builds the servers it
// measures.
package programs

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
)

// A Program is a binary and the package that builds it.
type Program struct {
	Name    string // the binary's name: "tcp-server"
	Package string // its package, from the repository's root: "./lessons/03-server"
}

// Lessons are the finished programs of the lessons, in the order they are
// taught: make build puts them into bin/.
var Lessons = []Program{
	{"socket-events", "./lessons/01-socket-events"},
	{"tcp-client", "./lessons/02-client"},
	{"tcp-server", "./lessons/03-server"},
	{"talk-server", "./lessons/04-conversation/talk-server"},
	{"talk-client", "./lessons/04-conversation/talk-client"},
	{"robust-server", "./lessons/05-robust-server"},
}

// Tools are the repository's own commands, which the tests run too.
var Tools = []Program{
	{"tour", "./cmd/tour"},
	{"site", "./cmd/site"},
	{"loadgen", "./cmd/loadgen"},
	{"bench", "./cmd/bench"},
	{"wire", "./cmd/wire"},
}

// stepsGrowInto names the program that each lesson's steps grow into.
// Lesson 1 has no steps; lesson 4's grow into its server.
var stepsGrowInto = map[string]string{
	"02-client":        "tcp-client",
	"03-server":        "tcp-server",
	"04-conversation":  "talk-server",
	"05-robust-server": "robust-server",
}

// Find returns the lesson program or tool called name.
func Find(name string) (Program, error) {
	for _, p := range slices.Concat(Lessons, Tools) {
		if p.Name == name {
			return p, nil
		}
	}
	return Program{}, fmt.Errorf("no program is called %s", name)
}

// Step is the step of a lesson in pkg ("./lessons/03-server/steps/1-pipe"),
// named after the program it grows into: tcp-server-1-pipe.
func Step(pkg string) (Program, error) {
	steps := path.Dir(pkg)
	lesson := path.Base(path.Dir(steps))
	grows, ok := stepsGrowInto[lesson]
	if path.Base(steps) != "steps" || !ok {
		return Program{}, fmt.Errorf("%s is not the step of a lesson with steps", pkg)
	}
	return Program{grows + "-" + path.Base(pkg), pkg}, nil
}

// All returns every program under root, the repository: the lessons, the
// tools, each step of a lesson, and each demo (demos/stacks is
// demo-stacks).
func All(root string) ([]Program, error) {
	all := slices.Concat(Lessons, Tools)
	steps, err := packages(root, "lessons/*/steps/*/main.go")
	if err != nil {
		return nil, err
	}
	for _, pkg := range steps {
		step, err := Step(pkg)
		if err != nil {
			return nil, err
		}
		all = append(all, step)
	}
	demos, err := packages(root, "demos/*/main.go")
	if err != nil {
		return nil, err
	}
	for _, pkg := range demos {
		all = append(all, Program{"demo-" + path.Base(pkg), pkg})
	}
	return all, nil
}

// packages returns the package of each main.go under root that pattern
// matches, as a path from root: "./demos/stacks".
func packages(root, pattern string) ([]string, error) {
	mains, err := filepath.Glob(filepath.Join(root, pattern))
	if err != nil {
		return nil, err
	}
	pkgs := make([]string, len(mains))
	for i, main := range mains {
		rel, err := filepath.Rel(root, filepath.Dir(main))
		if err != nil {
			return nil, err
		}
		pkgs[i] = "./" + filepath.ToSlash(rel)
	}
	return pkgs, nil
}
