// Command exercises checks the lessons' exercises, as you solve them in
// your copy of the repository. Each exercise is a folder,
// lessons/<lesson>/exercises/<n>-<name>, holding the program you change
// (main.go), its checker (check_test.go, built only with -tags check) and
// a solution (solution/main.go). A check runs go vet, then the checker
// under the race detector (internal/exercises).
//
//	exercises           every exercise and its state: done, not yet, or
//	                    does not build (make exercises)
//	exercises 02/1      check one, and say what went wrong (make check EX=02/1)
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"tcpgo/internal/exercises"
)

// translate puts what the checks say into the learner's language: Chinese
// when the locale is (LANG=zh_CN.UTF-8, or make check EX=02/1 LANG=zh),
// for the messages its catalogue has; English otherwise.
var translate = func(s string) string { return s }

func main() {
	if exercises.WantsChinese(os.Getenv) {
		tr, err := exercises.NewTranslator()
		if err != nil {
			fmt.Fprintln(os.Stderr, "exercises:", err)
			os.Exit(1)
		}
		translate = tr.Translate
	}
	all, err := exercises.Find(".")
	if err == nil && len(all) == 0 {
		err = fmt.Errorf("no exercises under lessons/*/exercises: run this from the repository's root")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "exercises:", err)
		os.Exit(1)
	}
	switch len(os.Args) {
	case 1:
		board(all)
	case 2:
		ex, ok := exercises.Lookup(all, os.Args[1])
		if !ok {
			var ids strings.Builder
			for _, ex := range all {
				ids.WriteString(" " + ex.ID)
			}
			fmt.Fprintln(os.Stderr, translate(fmt.Sprintf("exercises: no exercise %q; they are:%s", os.Args[1], ids.String())))
			os.Exit(2)
		}
		if !check(ex) {
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: exercises [lesson/n]   (make exercises, make check EX=02/1)")
		os.Exit(2)
	}
}

// slowNote is said when a check takes long: the race detector's first
// build compiles the standard library again.
const slowNote = "(building with the race detector: the first time takes a minute or so, later checks reuse it)"

// board checks every exercise, two at a time, and prints a line for each.
func board(all []exercises.Exercise) {
	results := make([]exercises.Result, len(all))
	var wg sync.WaitGroup
	var once sync.Once
	slow := func() { once.Do(func() { fmt.Println(slowNote) }) }
	slots := make(chan struct{}, 2)
	for i, ex := range all {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i] = exercises.Check(ex, exercises.Options{Slow: slow})
		})
	}
	wg.Wait()
	done := 0
	for i, ex := range all {
		mark := " "
		if results[i].State == exercises.Done {
			mark, done = "✓", done+1
		}
		fmt.Printf("%s %-5s %s %s\n", mark, ex.ID, padded(translate(results[i].State), 15), translate(ex.Title))
	}
	fmt.Println("\n" + translate(fmt.Sprintf("%d of %d done. Check one, and see what is missing: make check EX=%s", done, len(all), next(all, results))))
}

// padded fills s with spaces to width columns of a terminal, where a
// Chinese character takes two: fmt's %-15s counts characters, and the
// board's columns would not line up.
func padded(s string, width int) string {
	columns := 0
	for _, r := range s {
		columns++
		if r >= 0x2E80 { // CJK and full-width forms
			columns++
		}
	}
	return s + strings.Repeat(" ", max(0, width-columns))
}

// next is the first exercise not done, or the first of all.
func next(all []exercises.Exercise, results []exercises.Result) string {
	for i, r := range results {
		if r.State != exercises.Done {
			return all[i].ID
		}
	}
	return all[0].ID
}

// check runs one exercise's checker and says how it went.
func check(ex exercises.Exercise) bool {
	fmt.Printf("%s: %s\n\n", ex.ID, translate(ex.Title))
	r := exercises.Check(ex, exercises.Options{Slow: func() { fmt.Println(translate(slowNote)) }})
	fmt.Println(translate(r.Output))
	switch r.State {
	case exercises.Done:
		fmt.Println("\n" + translate(fmt.Sprintf("✓ %s is done.", ex.ID)))
		return true
	case exercises.DoesNotBuild:
		fmt.Println("\n" + translate(fmt.Sprintf("%s does not build yet: the compiler's words are above, with the file and line of each problem.", ex.ID)))
	default:
		fmt.Println("\n" + translate(fmt.Sprintf("%s is not done yet. Change %s and run make check EX=%s again.", ex.ID, filepath.Join(ex.Dir, "main.go"), ex.ID)))
	}
	return false
}
