package exercises

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// The states of an exercise, as a check finds it.
const (
	Done         = "done"
	NotYet       = "not yet"
	DoesNotBuild = "does not build"
)

// A Result is what checking an exercise found.
type Result struct {
	State  string // Done, NotYet or DoesNotBuild
	Output string // the checker's words, or vet's, the race detector's or the compiler's, explained
}

// Options change what Check checks and how.
type Options struct {
	// Main, when set, is the file checked in place of the exercise's
	// main.go; the learner's other files in the folder are left out. The
	// test suite checks solutions, starters and wrong programs this way,
	// without touching the learner's work.
	Main string
	// Slow, when set, is called before a check whose build must first
	// compile the standard library for the race detector, which takes a
	// minute or so on two cores, once: later builds reuse it.
	Slow func()
}

// Check runs go vet on the exercise, then its checker under the race
// detector, and says what it found.
func Check(ex Exercise, opts Options) Result {
	dir, err := filepath.Abs(ex.Dir)
	if err != nil {
		return Result{NotYet, err.Error()}
	}
	main := opts.Main
	if main != "" {
		if main, err = filepath.Abs(main); err != nil {
			return Result{NotYet, err.Error()}
		}
	}
	overlay, cleanup, err := overlayFor(dir, main)
	if err != nil {
		return Result{NotYet, err.Error()}
	}
	defer cleanup()
	hints := readHints(filepath.Join(dir, "check_test.go"))

	// vet first: it takes a second, and what it finds would be behind
	// the checker's failures too.
	out, err := goCommand(overlay, "vet", "-json", "-tags", "check", dir).CombinedOutput()
	if err != nil {
		return Result{DoesNotBuild, compilerSaid(out)}
	}
	if found := vetFindings(out, dir, main); len(found) > 0 {
		return Result{NotYet, vetSaid(found, hints)}
	}

	cmd := goCommand(overlay, "test", "-race", "-tags", "check", "-v", "-count=1", "-timeout", "30s", dir)
	// A race-built program waits a second at exit for late reports; the
	// checker's goroutines have all returned by then.
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	if opts.Slow != nil && raceBuildPending(overlay, dir) {
		opts.Slow()
	}
	out, err = cmd.CombinedOutput()
	checker := said(out)
	switch {
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return Result{DoesNotBuild, compilerSaid(out)}
	case bytes.Contains(out, []byte("WARNING: DATA RACE")):
		// The checker may have passed: the race fails it all the same,
		// and its words of success are left out.
		if !strings.Contains(checker, "Hint: ") {
			checker = ""
		}
		return Result{NotYet, strings.TrimSpace(raceSaid(out, dir, hints) + "\n\n" + checker)}
	case err == nil:
		return Result{Done, checker}
	default:
		return Result{NotYet, checker}
	}
}

// raceBuildPending reports whether the race detector's build of the
// standard library packages that the check needs is not yet in go's
// cache: go list names each package whose build is stale.
func raceBuildPending(overlay, dir string) bool {
	out, err := goCommand(overlay, "list", "-race", "-tags", "check", "-test", "-deps",
		"-f", "{{if and .Standard .Stale}}{{.ImportPath}}{{end}}", dir).Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}

// goCommand is the go command with the build flags every check shares.
func goCommand(overlay string, args ...string) *exec.Cmd {
	if overlay != "" {
		// The build flags go after the subcommand.
		args = append([]string{args[0], "-overlay", overlay}, args[1:]...)
	}
	return exec.Command("go", args...)
}

// overlayFor writes a go build overlay that puts main in place of the
// exercise's main.go and leaves out the learner's other files. With no
// main, it writes nothing.
func overlayFor(dir, main string) (path string, cleanup func(), err error) {
	if main == "" {
		return "", func() {}, nil
	}
	replace := map[string]string{filepath.Join(dir, "main.go"): main}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", nil, err
	}
	for _, f := range files {
		if base := filepath.Base(f); base != "main.go" && base != "check_test.go" {
			replace[f] = "" // the learner's: left out
		}
	}
	text, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", nil, err
	}
	tmp, err := os.MkdirTemp("", "exercise-overlay-")
	if err != nil {
		return "", nil, err
	}
	path = filepath.Join(tmp, "overlay.json")
	return path, func() { os.RemoveAll(tmp) }, os.WriteFile(path, text, 0o644)
}

// A checker's own lines, as go test -v prints them: "    check_test.go:67: message"
// and the lines that continue it.
var (
	logLine  = regexp.MustCompile(`^\s+\w+_test\.go:\d+: (.*)$`)
	anyLog   = regexp.MustCompile(`^\s+[\w.]+\.go:\d+: `) // testing.go's "race detected …" too
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
		case line == "==================" || anyLog.MatchString(line):
			inMessage = false // a race report, or the testing package's words: not the checker's
		case inMessage && strings.TrimSpace(line) != "":
			lines = append(lines, strings.TrimSpace(line))
		}
	}
	return strings.Join(lines, "\n")
}

// compilerSaid keeps the compiler's lines.
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

// hint is the exercise's hint for a kind of mistake, or its general one.
func hint(hints map[string]string, name string) string {
	if h := hints[name]; h != "" {
		return "Hint: " + h
	}
	if h := hints["checkHint"]; h != "" {
		return "Hint: " + h
	}
	return ""
}

// relative names a file by its path in the exercise's folder.
func relative(dir, file string) string {
	if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return file
}
