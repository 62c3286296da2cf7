// Command exercises checks the lessons' exercises, as you solve them in
// your copy of the repository. Each exercise is a folder,
// lessons/<lesson>/exercises/<n>-<name>, holding the program you change
// (main.go), its checker (check_test.go, built only with -tags check) and
// a solution (solution/main.go).
//
//	exercises           every exercise and its state: done, not yet, or
//	                    does not build (make exercises)
//	exercises 02/1      check one, and say what went wrong (make check EX=02/1)
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

func main() {
	all, err := find(".")
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
		ex, ok := lookup(all, os.Args[1])
		if !ok {
			fmt.Fprintf(os.Stderr, "exercises: no exercise %q; they are:", os.Args[1])
			for _, ex := range all {
				fmt.Fprintf(os.Stderr, " %s", ex.id)
			}
			fmt.Fprintln(os.Stderr)
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

// An exercise is one folder of lessons/*/exercises.
type exercise struct {
	id    string // "02/1"
	dir   string // lessons/02-client/exercises/1-send
	title string // from the first line of its main.go
}

// find lists the exercises in the order of the lessons.
func find(root string) ([]exercise, error) {
	dirs, err := filepath.Glob(filepath.Join(root, "lessons", "*", "exercises", "*", "check_test.go"))
	if err != nil {
		return nil, err
	}
	var all []exercise
	for _, f := range dirs {
		dir := filepath.Dir(f)
		lesson, _, _ := strings.Cut(filepath.Base(filepath.Dir(filepath.Dir(dir))), "-")
		n, _, _ := strings.Cut(filepath.Base(dir), "-")
		all = append(all, exercise{id: lesson + "/" + n, dir: dir, title: title(dir)})
	}
	return all, nil
}

// title is what the first sentence of the exercise's doc comment says it
// is: "// Exercise 1 of lesson 2: send a request, ..." gives "send a
// request, ...". The solution's says the same, for a main.go whose
// comment has gone.
func title(dir string) string {
	for _, f := range []string{"main.go", filepath.Join("solution", "main.go")} {
		if t := firstSentence(filepath.Join(dir, f)); t != "" {
			return t
		}
	}
	return filepath.Base(dir)
}

func firstSentence(path string) string {
	text, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	// The first sentence of the comment, over as many lines as it takes.
	var sentence []string
	for line := range strings.Lines(string(text)) {
		words, ok := strings.CutPrefix(strings.TrimSpace(line), "// ")
		if !ok {
			break
		}
		sentence = append(sentence, words)
		if strings.HasSuffix(words, ".") || strings.Contains(words, ". ") {
			break
		}
	}
	first, _, _ := strings.Cut(strings.Join(sentence, " "), ". ")
	if _, rest, ok := strings.Cut(strings.TrimSuffix(first, "."), ": "); ok {
		return rest
	}
	return ""
}

func lookup(all []exercise, id string) (exercise, bool) {
	id = strings.TrimPrefix(id, "0")
	for _, ex := range all {
		if strings.TrimPrefix(ex.id, "0") == id {
			return ex, true
		}
	}
	return exercise{}, false
}

// A result is what running an exercise's checker said.
type result struct {
	state  string // "done", "not yet", "does not build"
	output string // the checker's own words, or the compiler's
}

// run builds the exercise with its checker and runs it.
func run(ex exercise) result {
	// -timeout: a program that waits for ever is told so in 30 seconds.
	cmd := exec.Command("go", "test", "-tags", "check", "-count=1", "-v", "-timeout", "30s", "./"+filepath.ToSlash(ex.dir))
	out, err := cmd.CombinedOutput()
	switch {
	case err == nil:
		return result{"done", said(out)}
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return result{"does not build", compilerSaid(out)}
	default:
		return result{"not yet", said(out)}
	}
}

// board checks every exercise, two at a time, and prints a line for each.
func board(all []exercise) {
	results := make([]result, len(all))
	var wg sync.WaitGroup
	slots := make(chan struct{}, 2)
	for i, ex := range all {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i] = run(ex)
		})
	}
	wg.Wait()
	done := 0
	for i, ex := range all {
		mark := " "
		if results[i].state == "done" {
			mark, done = "✓", done+1
		}
		fmt.Printf("%s %-5s %-15s %s\n", mark, ex.id, results[i].state, ex.title)
	}
	fmt.Printf("\n%d of %d done. Check one, and see what is missing: make check EX=%s\n", done, len(all), next(all, results))
}

// next is the first exercise not done, or the first of all.
func next(all []exercise, results []result) string {
	for i, r := range results {
		if r.state != "done" {
			return all[i].id
		}
	}
	return all[0].id
}

// check runs one exercise's checker and says how it went.
func check(ex exercise) bool {
	fmt.Printf("%s: %s\n\n", ex.id, ex.title)
	r := run(ex)
	switch r.state {
	case "done":
		fmt.Println(r.output)
		fmt.Printf("\n✓ %s is done.\n", ex.id)
		return true
	case "does not build":
		fmt.Println(r.output)
		fmt.Printf("\n%s does not build yet: the compiler's words are above, with the file and line of each problem.\n", ex.id)
	default:
		fmt.Println(r.output)
		fmt.Printf("\n%s is not done yet. Change %s and run make check EX=%s again.\n", ex.id, filepath.Join(ex.dir, "main.go"), ex.id)
	}
	return false
}

// A checker's own lines, as go test -v prints them: "    check_test.go:67: message"
// and the lines that continue it.
var (
	logLine  = regexp.MustCompile(`^\s+\w+_test\.go:\d+: (.*)$`)
	goTestID = regexp.MustCompile(`^(=== |--- |PASS|FAIL|ok\s|panic:|exit status)`)
	timedOut = regexp.MustCompile(`^panic: test timed out after (\S+)`)
)

// said keeps what the checker said, without go test's own lines.
func said(out []byte) string {
	var lines []string
	inMessage := false
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); {
		line := sc.Text()
		switch m := logLine.FindStringSubmatch(line); {
		case m != nil:
			lines, inMessage = append(lines, m[1]), true
		case goTestID.MatchString(line):
			if m := timedOut.FindStringSubmatch(line); m != nil {
				lines = append(lines, "after "+m[1]+" your code had still not returned: it waits for something that never comes.")
			} else if strings.HasPrefix(line, "panic:") {
				lines = append(lines, "the checker stopped on a panic: "+strings.TrimPrefix(line, "panic: "))
			}
			inMessage = false
		case inMessage && strings.TrimSpace(line) != "":
			lines = append(lines, strings.TrimSpace(line))
		}
	}
	return strings.Join(lines, "\n")
}

// compilerSaid keeps the compiler's lines, with paths from the root.
func compilerSaid(out []byte) string {
	var lines []string
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || goTestID.MatchString(line) {
			continue
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
