package tcpgo

// Every exercise's checker is proven both ways: it passes on the
// solution, and fails, in its own words, on the starter as it was given.
// The exercise's folder holds the learner's work, which may be solved,
// half done or not compile: these tests never build it. They build the
// package with go test's -overlay, its main.go replaced by the solution's
// or by the untouched starter, and the learner's other files left out.

import (
	"bufio"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startersFile records each starter as it was given, by its git blob ID:
// the learner's copy may have changed since, and git still has this one.
const startersFile = "testdata/exercise-starters.txt"

func TestExerciseCheckersAreHonest(t *testing.T) {
	t.Parallel()
	checkers, err := filepath.Glob("lessons/*/exercises/*/check_test.go")
	require.NoError(t, err)
	require.NotEmpty(t, checkers)
	starters := readStarters(t)
	require.Len(t, starters, len(checkers), "every exercise, and no other, has its starter in %s", startersFile)

	// The solutions, all in one go test: it starts once, and each
	// package's result is in its cache until its code changes.
	solutions := map[string]string{}
	for _, checker := range checkers {
		solution, err := filepath.Abs(filepath.Join(filepath.Dir(checker), "solution", "main.go"))
		require.NoError(t, err)
		solutions[filepath.Dir(checker)] = solution
	}
	out, err := runCheckers(t, solutions)
	require.NoError(t, err, "a checker fails on its solution:\n%s", out)

	for _, checker := range checkers {
		dir := filepath.Dir(checker)
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			main := filepath.Join(dir, "main.go")

			// At a path of its own, the same from run to run: go test
			// then finds what it built the last time in its cache. (A
			// folder whose name starts with _ is no package, should the
			// cache be build/test-bin.)
			starter, err := filepath.Abs(filepath.Join(buildCache, "_starters", starters[main]+".go"))
			require.NoError(t, err)
			require.NoError(t, os.MkdirAll(filepath.Dir(starter), 0o755))
			require.NoError(t, os.WriteFile(starter, untouchedStarter(t, main, starters[main]), 0o644))
			out, err := failsOnStarter(t, dir, starter)
			require.Error(t, err, "the checker passes on the untouched starter:\n%s", out)
			assert.Contains(t, out, "Hint: ", "the checker says what went wrong, with a hint")
			assert.NotContains(t, out, "[build failed]", "the starter builds")
			assert.NotContains(t, out, "panic:", "the checker fails, it does not crash")
		})
	}
}

// runCheckers runs the checker of each exercise (a folder) against a
// main.go of our choosing, and none of the learner's other files.
func runCheckers(t *testing.T, mains map[string]string) (string, error) {
	replace := map[string]string{}
	var pkgs []string
	for dir, mainGo := range mains {
		abs, err := filepath.Abs(dir)
		require.NoError(t, err)
		replace[filepath.Join(abs, "main.go")] = mainGo
		files, err := filepath.Glob(filepath.Join(abs, "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			if base := filepath.Base(f); base != "main.go" && base != "check_test.go" {
				replace[f] = "" // the learner's: left out
			}
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(dir))
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	require.NoError(t, err)
	overlayFile := filepath.Join(t.TempDir(), "overlay.json")
	require.NoError(t, os.WriteFile(overlayFile, overlay, 0o644))
	// No -count=1: a checker that passed on the same code before is not
	// run again. A failure is never cached.
	// -trimpath: the build does not depend on where the repository is.
	args := append([]string{"test", "-trimpath", "-tags", "check", "-timeout", "30s", "-overlay", overlayFile}, pkgs...)
	out, err := exec.Command("go", args...).CombinedOutput()
	return string(out), err
}

// failsOnStarter runs the checker on the starter. go test caches what
// passed, never what failed: so the failure is kept here, under a key
// made of all it depends on (the Go version, the checker and the
// starter), and the checker runs again when one of them changes.
func failsOnStarter(t *testing.T, dir, starter string) (string, error) {
	checker, err := os.ReadFile(filepath.Join(dir, "check_test.go"))
	require.NoError(t, err)
	text, err := os.ReadFile(starter)
	require.NoError(t, err)
	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	require.NoError(t, err)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", goVersion, len(checker))
	h.Write(checker)
	h.Write(text)
	kept := filepath.Join(buildCache, "_starters", hex.EncodeToString(h.Sum(nil))+".failed")
	if out, err := os.ReadFile(kept); err == nil {
		return string(out), errors.New("failed before, on the same checker and starter")
	}
	out, err := runCheckers(t, map[string]string{dir: starter})
	// Only a failure in the checker's own words is kept: not a build
	// that failed, nor a crash.
	if err != nil && strings.Contains(out, "Hint: ") && !strings.Contains(out, "[build failed]") && !strings.Contains(out, "panic:") {
		require.NoError(t, os.WriteFile(kept, []byte(out), 0o644))
	}
	return out, err
}

func readStarters(t *testing.T) map[string]string {
	f, err := os.Open(startersFile)
	require.NoError(t, err)
	defer f.Close()
	starters := map[string]string{}
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			path, id, ok := strings.Cut(line, " ")
			require.True(t, ok, "%s: %q is not a path and a blob ID", startersFile, line)
			starters[path] = id
		}
	}
	return starters
}

// untouchedStarter is the starter as it was given: the learner's copy
// if it has not changed, or else git's.
func untouchedStarter(t *testing.T, path, id string) []byte {
	require.NotEmpty(t, id, "%s has no starter in %s", path, startersFile)
	text, err := os.ReadFile(path) // gone, if the learner removed it
	if err == nil && blobID(text) == id {
		return text
	}
	// In CI the repository is as it was committed: a starter that is not
	// the one recorded was changed without recording it.
	if os.Getenv("CI") != "" {
		t.Fatalf("%s changed: record its new blob ID in %s: %s %s", path, startersFile, path, blobID(text))
	}
	// The learner's copy has changed: git keeps the one given.
	out, err := exec.Command("git", "cat-file", "blob", id).Output()
	require.NoError(t, err, "%s has changed, and git does not have the starter as it was given (blob %s)", path, id)
	return out
}

// blobID is the ID git gives a file's contents.
func blobID(text []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(text))
	h.Write(text)
	return hex.EncodeToString(h.Sum(nil))
}
