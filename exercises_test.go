package tcpgo

// Every exercise's checker is proven, the way make check runs it (go vet,
// then the checker under the race detector, internal/exercises): it
// passes on the solution; it fails, in its own words, on the starter as it
// was given; and it rejects each wrong program kept in the exercise's
// wrong/ folder with the message meant for that mistake. The exercise's
// folder holds the learner's work, which may be solved, half done or not
// compile: these tests never build it. They check the package with go's
// -overlay, its main.go replaced, and the learner's other files left out.

import (
	"bufio"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/exercises"
)

// startersFile records each starter as it was given, by its git blob ID:
// the learner's copy may have changed since, and git still has this one.
const startersFile = "testdata/exercise-starters.txt"

func TestExerciseCheckersAreHonest(t *testing.T) {
	t.Parallel()
	all, err := exercises.Find(".")
	require.NoError(t, err)
	require.NotEmpty(t, all)
	starters := readStarters(t)
	require.Len(t, starters, len(all), "every exercise, and no other, has its starter in %s", startersFile)

	for _, ex := range all {
		t.Run(ex.ID, func(t *testing.T) {
			t.Parallel()
			t.Run("solution", func(t *testing.T) {
				t.Parallel()
				solution := filepath.Join(ex.Dir, "solution", "main.go")
				r := checked(t, ex, solution, exercises.Done)
				require.Equal(t, exercises.Done, r.State, "the checker fails on its solution:\n%s", r.Output)
			})
			t.Run("starter", func(t *testing.T) {
				t.Parallel()
				main := filepath.Join(ex.Dir, "main.go")
				// At a path of its own, the same from run to run.
				starter, err := filepath.Abs(filepath.Join(buildCache, "_starters", starters[main]+".go"))
				require.NoError(t, err)
				require.NoError(t, os.MkdirAll(filepath.Dir(starter), 0o755))
				require.NoError(t, os.WriteFile(starter, untouchedStarter(t, main, starters[main]), 0o644))
				r := rejects(t, ex, starter)
				assert.Contains(t, r.Output, "Hint: ", "the checker says what went wrong, with a hint")
			})
			wrong, err := filepath.Glob(filepath.Join(ex.Dir, "wrong", "*", "main.go"))
			require.NoError(t, err)
			assert.GreaterOrEqual(t, len(wrong), 2, "%s keeps at least two wrong programs in wrong/<what>/main.go", ex.Dir)
			for _, program := range wrong {
				t.Run(filepath.Base(filepath.Dir(program)), func(t *testing.T) {
					t.Parallel()
					meant := checkerSays(t, program)
					r := rejects(t, ex, program)
					for _, words := range meant {
						assert.Contains(t, r.Output, words, "%s is rejected, but not with the message meant for it", program)
					}
				})
			}
		})
	}
}

// checkerSays reads what a wrong program's comment says the checker
// tells of it: its "// Checker: " lines.
func checkerSays(t *testing.T, program string) []string {
	text, err := os.ReadFile(program)
	require.NoError(t, err)
	var meant []string
	for line := range strings.Lines(string(text)) {
		if words, ok := strings.CutPrefix(strings.TrimSpace(line), "// Checker: "); ok {
			meant = append(meant, words)
		}
	}
	require.NotEmpty(t, meant, "%s says in a // Checker: line what the checker tells of it", program)
	return meant
}

// rejects checks program in place of the exercise's main.go, and
// requires the check to fail in its own words: not a build that failed,
// nor a crash.
func rejects(t *testing.T, ex exercises.Exercise, program string) exercises.Result {
	r := checked(t, ex, program, exercises.NotYet)
	require.Equal(t, exercises.NotYet, r.State, "the checker does not reject %s:\n%s", program, r.Output)
	require.NotContains(t, r.Output, "panic:", "the checker fails, it does not crash")
	return r
}

// checked checks program in place of the exercise's main.go. A result
// that is the one expected is kept, under a key made of all it depends
// on (the Go version, the checker, the program, the lesson's module and
// the code that runs the check), and the check runs again when one of
// them changes. go test caches what passed, but never what failed, and
// only for the folder it ran in: a fresh clone, in another folder, would
// check the ten solutions again, at ten seconds each. make clean empties
// the cache.
func checked(t *testing.T, ex exercises.Exercise, program, expected string) exercises.Result {
	kept := filepath.Join(buildCache, "_checked", checkKey(t, ex, program)+".json")
	var r exercises.Result
	if text, err := os.ReadFile(kept); err == nil && json.Unmarshal(text, &r) == nil && r.State == expected {
		return r
	}
	r = exercises.Check(ex, exercises.Options{Main: program})
	if r.State == expected {
		text, err := json.Marshal(r)
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(kept), 0o755))
		require.NoError(t, os.WriteFile(kept, text, 0o644))
	}
	return r
}

// checkKey is a digest of everything a check's result depends on.
func checkKey(t *testing.T, ex exercises.Exercise, program string) string {
	// What go builds with: its version, the system, and the settings
	// that change a build.
	goVersion, err := exec.Command("go", "env", "GOVERSION", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT").Output()
	require.NoError(t, err)
	sources, err := filepath.Glob("internal/exercises/*.go")
	require.NoError(t, err)
	h := sha256.New()
	h.Write(goVersion)
	lesson := filepath.Dir(filepath.Dir(ex.Dir))
	deps := []string{filepath.Join(ex.Dir, "check_test.go"), program, "go.work", filepath.Join(lesson, "go.mod"), filepath.Join(lesson, "go.sum")}
	for _, f := range append(deps, sources...) {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		fmt.Fprintf(h, "\x00%s\x00%d\x00", filepath.Base(f), len(text))
		h.Write(text)
	}
	return hex.EncodeToString(h.Sum(nil))
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
