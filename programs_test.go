package tcpgo

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/programs"
)

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

// binDir holds every program of internal/programs, built once for the
// whole test run, each under its name.
var binDir string

// buildCache keeps the binaries between runs: go build does not link
// again a binary that is up to date, and linking forty programs, with the
// race detector, was a quarter of the suite's time. It lives in the
// user's cache, as go's own does: built with -trimpath, the binaries do
// not depend on where the repository is, and a fresh clone finds them.
// make clean removes it, with -clean-cache.
var buildCache = func() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join("build", "test-bin")
	}
	return filepath.Join(dir, "tcpgo-test")
}()

var (
	built    = make(chan struct{}) // closed once the programs are built
	buildErr error
)

var cleanCache = flag.Bool("clean-cache", false, "remove the programs kept built between runs, and run no test")

func TestMain(m *testing.M) {
	flag.Parse()
	if *cleanCache {
		if err := os.RemoveAll(buildCache); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	dir, err := makeBinDir()
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

// makeBinDir makes binDir, a folder of this run's own in buildCache.
func makeBinDir() (string, error) {
	if err := os.MkdirAll(buildCache, 0o755); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(buildCache, "run-")
	if err != nil {
		return "", err
	}
	binDir, err = filepath.Abs(dir)
	return dir, err
}

// needPrograms waits until the programs are built.
func needPrograms(t testing.TB) {
	t.Helper()
	<-built
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// buildPrograms builds every program into buildCache, and links each
// into dir under its name. Under -race they are built with the race
// detector too, so the scripts check the lessons' own goroutines, not
// only the test's.
//
// One go build of many packages links them in parallel and loads the
// workspace once, which is several times faster than a go build each.
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
	all, err := programs.All(".")
	if err != nil {
		return err
	}
	batches := batchesOf(all)
	var wg sync.WaitGroup
	errs := make(chan error, len(batches))
	for i, b := range batches {
		// The batches differ when the tests run under -race: each way
		// keeps its own folders.
		out := filepath.Join(buildCache, fmt.Sprintf("batch%d", i))
		if raceEnabled {
			out = filepath.Join(buildCache, fmt.Sprintf("race-batch%d", i))
		}
		wg.Go(func() { errs <- b.build(out, dir) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// A batch is programs that one go build makes. It names each binary
// after its package's folder, so no two programs of a batch share one.
type batch struct {
	race     bool
	programs []programs.Program
}

// batchesOf shares the programs out into batches, in the order of their
// names: from run to run each batch is the same, and go build finds its
// binaries up to date.
func batchesOf(all []programs.Program) []*batch {
	all = slices.SortedFunc(slices.Values(all), func(a, b programs.Program) int { return cmp.Compare(a.Name, b.Name) })
	var batches []*batch
	for _, p := range all {
		race := (raceEnabled && !neverRace[p.Name]) || alwaysRace[p.Name]
		i := slices.IndexFunc(batches, func(b *batch) bool { return b.race == race && !b.hasFolder(path.Base(p.Package)) })
		if i < 0 {
			batches = append(batches, &batch{race: race})
			i = len(batches) - 1
		}
		batches[i].programs = append(batches[i].programs, p)
	}
	return batches
}

func (b *batch) hasFolder(folder string) bool {
	return slices.ContainsFunc(b.programs, func(p programs.Program) bool { return path.Base(p.Package) == folder })
}

// build builds the batch into the folder out, and links each binary into
// dir under its program's name.
func (b *batch) build(out, dir string) error {
	// -ldflags=-w: no DWARF tables, which only a debugger reads, and the
	// links take less time. -trimpath: what is built does not depend on
	// where the repository is, and a fresh clone finds it in go's cache.
	args := []string{"build", "-trimpath", "-ldflags=-w", "-o", out + string(filepath.Separator)}
	if b.race {
		args = append(args, "-race")
	}
	for _, p := range b.programs {
		args = append(args, p.Package)
	}
	if output, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, output)
	}
	for _, p := range b.programs {
		if err := os.Link(filepath.Join(out, path.Base(p.Package)), filepath.Join(dir, p.Name)); err != nil {
			return err
		}
	}
	return nil
}

// make build builds each lesson's program under its name, and nothing
// else: its lines cannot drift from the table of internal/programs.
func TestMakeBuildsEveryLessonProgram(t *testing.T) {
	_, recipe, ok := strings.Cut(readString(t, "Makefile"), "\nbuild:\n")
	require.True(t, ok, "the Makefile has a build target")
	var built []programs.Program
	for line := range strings.Lines(recipe) {
		if !strings.HasPrefix(line, "\t") {
			break // the end of the recipe
		}
		fields := strings.Fields(line)
		if len(fields) != 5 || !slices.Equal(fields[:3], []string{"$(GO)", "build", "-o"}) || !strings.HasPrefix(fields[3], "bin/") {
			t.Fatalf("Makefile: %q is not a line of build: $(GO) build -o bin/NAME PACKAGE", strings.TrimSpace(line))
		}
		name := strings.TrimPrefix(fields[3], "bin/")
		built = append(built, programs.Program{Name: name, Package: fields[4]})
	}
	assert.Equal(t, programs.Lessons, built, "make build and internal/programs's Lessons")
}
