package tcpgo

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/benchjson"
)

// make bench takes minutes; this runs it in miniature (one round, tiny
// crowds, on the servers the suite has built), to show that it still
// measures every figure against every server and writes them all. Left
// out: the testing.B benchmarks, which make test runs once itself, and
// the system calls, which take seconds under strace (cmd/bench's own
// tests read strace's table).
func TestBenchMeasuresEveryFigure(t *testing.T) {
	t.Parallel()
	hasNode, err := condition("node")
	require.NoError(t, err)
	if !hasNode {
		t.Skip("node is not on PATH: the benchmark compares Go with Node")
	}
	needPrograms(t)
	out := filepath.Join(t.TempDir(), "results.json")
	cmd := exec.Command(filepath.Join(binDir, "bench"), "-rounds", "1", "-for", "20ms", "-idle", "20",
		"-talkers", "20", "-messages", "1", "-delay", "20ms", "-many", "5", "-repeat", "1", "-benchtime", "", "-syscalls=false", "-bin", binDir, "-out", out)
	cmd.Dir = "." // the repository's root: bench builds the lessons from it
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "stderr:\n%s", stderr.String())

	r, err := benchjson.Read(out)
	require.NoError(t, err)
	assert.Equal(t, 1, r.Rounds)
	assert.NotEmpty(t, r.Machine.Go)
	assert.NotEmpty(t, r.Machine.Node)
	ids := map[string]benchjson.Figure{}
	for _, f := range r.Figures {
		ids[f.ID] = f
		assert.Len(t, f.Go.Values, 1, f.ID)
		assert.Len(t, f.Node.Values, 1, f.ID)
		assert.Positive(t, f.Node.Median, f.ID)
		assert.Contains(t, stdout.String(), f.Title, "the table")
	}
	for _, lesson := range []string{"03-server", "05-robust-server"} {
		for _, m := range []string{"echo1", "echo50", "cores50", "rtt50", "rtt99", "rttcpu", "idlemem", "idlefds", "usedmem", "cpu1", "cpu50"} {
			assert.Contains(t, ids, m+"-"+lesson)
		}
		if _, err := exec.LookPath("taskset"); err == nil {
			assert.Contains(t, ids, "rtt50core-"+lesson)
		}
	}
	for _, m := range []string{"idlemem", "idlefds", "talkmem", "late50", "late99"} {
		assert.Contains(t, ids, m+"-04-conversation")
	}
	// Each server holds one descriptor per connection.
	for _, lesson := range []string{"03-server", "04-conversation", "05-robust-server"} {
		f := ids["idlefds-"+lesson]
		assert.InDelta(t, 1, f.Go.Median, 0.001, lesson)
		assert.InDelta(t, 1, f.Node.Median, 0.001, lesson)
	}
	before := ids["echo1-05-robust-server"].Before
	if assert.NotNil(t, before, "step 5 measured beside the finished server") {
		assert.Equal(t, "robust-server, step 5", before.Server)
	}
	assert.Nil(t, ids["echo1-03-server"].Before)
}
