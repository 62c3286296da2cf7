package tcpgo

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/script/*.txtar, and the rows of testdata/node-versions.txtar, from what the programs print")

// programs maps each binary the scripts run to the package that builds it.
// The lessons' names are the ones `make build` puts into bin/; findPrograms
// adds the steps of the lessons and the demos.
var programs = map[string]string{
	"socket-events": "./lessons/01-socket-events",
	"tcp-client":    "./lessons/02-client",
	"tcp-server":    "./lessons/03-server",
	"talk-server":   "./lessons/04-conversation/talk-server",
	"talk-client":   "./lessons/04-conversation/talk-client",
	"robust-server": "./lessons/05-robust-server",
	"tour":          "./cmd/tour",
	"site":          "./cmd/site",
	"loadgen":       "./cmd/loadgen",
	"bench":         "./cmd/bench",
}

// stepPrefix names the steps of each lesson after the program they grow
// into: lessons/03-server/steps/1-pipe is tcp-server-1-pipe.
var stepPrefix = map[string]string{
	"02-client":        "tcp-client",
	"03-server":        "tcp-server",
	"04-conversation":  "talk-server",
	"05-robust-server": "robust-server",
}

// alwaysRace are built with the race detector even when the tests are
// not: their scripts show what it reports, or that it reports nothing.
var alwaysRace = map[string]bool{
	"talk-server-1-afterfunc": true,
	"talk-server-2-atomic":    true,
}

// neverRace are built without the race detector even when the tests are
// under it, to save minutes of CPU: socket-events moves 64 MiB through the
// detector's instrumentation in each of several scripts, and lesson 1's
// own test runs the same walk under -race.
var neverRace = map[string]bool{
	"socket-events": true,
	"site":          true, // a tool, not a lesson, with its own tests
	"demo-stacks":   true, // the stack sizes it shows are the race detector's otherwise
	"loadgen":       true, // tools too: internal/load's tests run under -race
	"bench":         true,
}

// findPrograms adds to programs every step (lessons/*/steps/*) and every
// demo (demos/*, built as demo-<name>).
func findPrograms() error {
	steps, err := filepath.Glob("lessons/*/steps/*/main.go")
	if err != nil {
		return err
	}
	for _, main := range steps {
		dir := filepath.Dir(main)
		lesson := filepath.Base(filepath.Dir(filepath.Dir(dir)))
		prefix, ok := stepPrefix[lesson]
		if !ok {
			return fmt.Errorf("%s: lesson %s has steps but no name for them in stepPrefix", dir, lesson)
		}
		programs[prefix+"-"+filepath.Base(dir)] = "./" + filepath.ToSlash(dir)
	}
	demos, err := filepath.Glob("demos/*/main.go")
	if err != nil {
		return err
	}
	for _, main := range demos {
		dir := filepath.Dir(main)
		programs["demo-"+filepath.Base(dir)] = "./" + filepath.ToSlash(dir)
	}
	return nil
}

// binDir holds the lesson binaries, built once for the whole test run.
var binDir string

// buildCache keeps the binaries between runs: go build does not link
// again a binary that is up to date, and linking forty programs, with the
// race detector, was a quarter of the suite's time. It lives in the
// user's cache, as go's own does: built with -trimpath, the binaries do
// not depend on where the repository is, and a fresh clone finds them.
// make clean removes it.
var buildCache = func() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join("build", "test-bin")
	}
	return filepath.Join(dir, "tcpgo-test")
}()

func TestMain(m *testing.M) {
	flag.Parse()
	err := os.MkdirAll(buildCache, 0o755)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dir, err := os.MkdirTemp(buildCache, "run-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir, err = filepath.Abs(dir)
	if err == nil {
		err = findPrograms()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The tests that need no program (the site's, the exercises')
	// start while the programs build; the others wait for them.
	go func() {
		buildErr = buildPrograms(binDir)
		close(built)
	}()
	code := m.Run()
	<-built
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	built    = make(chan struct{})
	buildErr error
)

// needPrograms waits until the programs are built.
func needPrograms(t testing.TB) {
	t.Helper()
	<-built
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// buildPrograms builds the lesson binaries into buildCache, and links
// them into dir under their names. Under -race they are built with the
// race detector too, so the scripts check the lessons' own goroutines,
// not only the test's.
//
// One go build of many packages links them in parallel and loads the
// workspace once, which is several times faster than a go build each. It
// names each binary after its folder, so packages whose folders share a
// name go to separate builds.
func buildPrograms(dir string) error {
	// Two test runs at once would build into the same folders: the
	// second waits for the first.
	lock, err := os.Create(filepath.Join(buildCache, ".lock"))
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	type batch struct {
		race  bool
		names map[string]string // folder name: program name
		pkgs  []string
	}
	var batches []*batch
	for _, name := range slices.Sorted(maps.Keys(programs)) {
		pkg, race := programs[name], (raceEnabled && !neverRace[name]) || alwaysRace[name]
		folder := path.Base(pkg)
		i := slices.IndexFunc(batches, func(b *batch) bool { return b.race == race && b.names[folder] == "" })
		if i < 0 {
			batches = append(batches, &batch{race: race, names: map[string]string{}})
			i = len(batches) - 1
		}
		batches[i].names[folder] = name
		batches[i].pkgs = append(batches[i].pkgs, pkg)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(batches))
	for i, b := range batches {
		wg.Go(func() {
			// The batches differ when the tests run under -race: each
			// way keeps its own.
			out := filepath.Join(buildCache, fmt.Sprintf("batch%d", i))
			if raceEnabled {
				out = filepath.Join(buildCache, fmt.Sprintf("race-batch%d", i))
			}
			// -ldflags=-w: no DWARF tables, which only a debugger reads,
			// and the links take less time. -trimpath: what is built does
			// not depend on where the repository is, and a fresh clone
			// finds it in go's cache.
			args := []string{"build", "-trimpath", "-ldflags=-w", "-o", out + string(filepath.Separator)}
			if b.race {
				args = append(args, "-race")
			}
			if output, err := exec.Command("go", append(args, b.pkgs...)...).CombinedOutput(); err != nil {
				errs <- fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, output)
				return
			}
			for folder, name := range b.names {
				if err := os.Link(filepath.Join(out, folder), filepath.Join(dir, name)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func TestScripts(t *testing.T) {
	// The scripts spend much of their time waiting on sockets and timers;
	// the browser test can use the CPU meanwhile.
	t.Parallel()
	needPrograms(t)
	lessons, err := filepath.Abs("lessons")
	if err != nil {
		t.Fatal(err)
	}
	demos, err := filepath.Abs("demos")
	if err != nil {
		t.Fatal(err)
	}
	repo, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds:                scriptCommands,
		Condition:           condition,
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", binDir+string(os.PathListSeparator)+os.Getenv("PATH"))
			env.Setenv("LESSONS", lessons)
			env.Setenv("DEMOS", demos)
			env.Setenv("REPO", repo)
			env.Setenv("BIN", binDir)
			// A race-built program sleeps a second on exit by default, in
			// case other goroutines have a race to report; ours wait for
			// their goroutines, so we skip that second.
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			return nil
		},
	})
}

// condition adds [node] to the script conditions: true when Node.js is on
// PATH. Under CI=true a missing node is an error, so the interop scripts
// can never be skipped there.
func condition(cond string) (bool, error) {
	if cond != "node" {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	_, err := exec.LookPath("node")
	if err != nil && strings.EqualFold(os.Getenv("CI"), "true") {
		return false, fmt.Errorf("node is not on PATH, and CI=true requires the interop scripts to run")
	}
	return err == nil, nil
}
