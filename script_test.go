package tcpgo

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/script/*.txtar from what the programs print")

// programs maps each binary the scripts run to the package that builds it.
// These names are the ones `make build` puts into bin/.
var programs = map[string]string{
	"socket-events": "./lessons/01-socket-events",
	"tcp-client":    "./lessons/02-client",
	"tcp-server":    "./lessons/03-server",
	"talk-server":   "./lessons/04-conversation/talk-server",
	"talk-client":   "./lessons/04-conversation/talk-client",
	"tour":          "./cmd/tour",
}

// binDir holds the lesson binaries, built once for the whole test run.
var binDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "tcpgo-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	err = buildPrograms(dir)
	code := 1
	if err == nil {
		code = m.Run()
	} else {
		fmt.Fprintln(os.Stderr, err)
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildPrograms builds the lesson binaries into dir, concurrently. Under
// -race they are built with the race detector too, so the scripts check
// the lessons' own goroutines, not only the test's.
func buildPrograms(dir string) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(programs))
	for name, pkg := range programs {
		wg.Go(func() {
			args := []string{"build", "-o", filepath.Join(dir, name)}
			if raceEnabled {
				args = append(args, "-race")
			}
			out, err := exec.Command("go", append(args, pkg)...).CombinedOutput()
			if err != nil {
				errs <- fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func TestScripts(t *testing.T) {
	lessons, err := filepath.Abs("lessons")
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
