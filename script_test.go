package tcpgo

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/script/*.txtar, and the rows of testdata/node-versions.txtar, from what the programs print")

func TestScripts(t *testing.T) {
	// The scripts spend much of their time waiting on sockets and timers;
	// the browser test can use the CPU meanwhile.
	t.Parallel()
	needPrograms(t)
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
			env.Setenv("LESSONS", filepath.Join(repo, "lessons"))
			env.Setenv("DEMOS", filepath.Join(repo, "demos"))
			env.Setenv("REPO", repo)
			env.Setenv("BIN", binDir)
			env.Setenv("CAPTURES", filepath.Join(repo, filepath.FromSlash(captureDir)))
			// A race-built program sleeps a second on exit by default, in
			// case other goroutines have a race to report; ours wait for
			// their goroutines, so we skip that second.
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			env.Values[scriptStateKey{}] = &scriptState{}
			return nil
		},
	})
}

// scriptState is what a script's commands leave for the commands after
// them, one value for each script. The commands of a script run one
// after another, so it needs no lock.
type scriptState struct {
	fdMark    int  // the descriptors fdmark counted, for fdgrowth and fdback
	fdMarked  bool // whether fdmark has counted them
	proxy     *recorder
	clients   []net.Conn  // the connections clients opened, for hangup
	partial   net.Conn    // the connection partial began a line on, for finish
	holdEnded chan string // how hold's connection ended, for held to print
}

type scriptStateKey struct{}

// stateOf returns the state of the script that ts runs.
func stateOf(ts *testscript.TestScript) *scriptState {
	return ts.Value(scriptStateKey{}).(*scriptState)
}

// condition adds two conditions to the scripts: [node], true when
// Node.js is on PATH, and [netns], true when this user can make a network
// namespace of its own, which wire needs. Under CI=true either missing is
// an error, so that no interop or capture script can be skipped there.
func condition(cond string) (bool, error) {
	var have bool
	var why string
	switch cond {
	case "node":
		_, err := exec.LookPath("node")
		have, why = err == nil, "node is not on PATH, and CI=true requires the interop scripts to run"
	case "netns":
		have, why = privateNetworkAllowed(), "this user cannot make a network namespace, and CI=true requires the capture scripts to run (see make wire's message)"
	default:
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if !have && strings.EqualFold(os.Getenv("CI"), "true") {
		return false, errors.New(why)
	}
	return have, nil
}

// privateNetworkAllowed says whether this user may make a user and a
// network namespace: stock Linux allows it; some systems forbid it
// (AppArmor on Ubuntu 24.04, a container's seccomp profile).
var privateNetworkAllowed = sync.OnceValue(func() bool {
	cmd := exec.Command("true")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	return cmd.Run() == nil
})
