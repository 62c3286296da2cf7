package tcpgo

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/capture"
	"tcpgo/internal/ladder"
)

// The pages show real captures: docs/wire/NAME.pcap, for a reader to
// download, and the packet ladder drawn from it (make docs). A capture
// changes from run to run (its times, its sequence numbers, sometimes
// which side's segment goes first), so the one a page shows is recorded
// once and kept; the script that made it checks, on every run, that the
// kept one still says what its run says.
//
//	capture NAME FILE.pcap   with -update-captures (make captures), copy
//	                         FILE.pcap to docs/wire/NAME.pcap; otherwise
//	                         fail unless each side sent the same segments,
//	                         in the same order, in both (the masked
//	                         view of wire -sides, which is stable)
//	capture -asserted NAME FILE.pcap
//	                         the same, without the comparison, for an
//	                         exchange whose segments change from run to
//	                         run even seen apart (how many small writes
//	                         a segment gathers, how many probes go): the
//	                         script asserts what stays on the kept
//	                         capture itself; only the file must be there
//
// The script then asserts the page's sentences on the kept capture too,
// with wire -r $CAPTURES/NAME.pcap: a page cannot show a capture that
// lacks what it says.

var updateCaptures = flag.Bool("update-captures", false, "copy the captures the scripts record into docs/wire/, instead of checking the kept ones against them (make captures)")

// captureDir holds the kept captures, beside their drawings.
const captureDir = "docs/wire"

// maxCaptureSize is the most a kept capture may weigh: a page links to
// it, and the repository keeps every version of it.
const maxCaptureSize = 64 << 10

func cmdCapture(ts *testscript.TestScript, neg bool, args []string) {
	asserted := len(args) > 0 && args[0] == "-asserted"
	if asserted {
		args = args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: capture [-asserted] NAME FILE.pcap")
	}
	name, live := args[0], ts.MkAbs(args[1])
	kept := filepath.Join(ts.Getenv("CAPTURES"), name+".pcap")
	if *updateCaptures {
		data, err := os.ReadFile(live)
		ts.Check(err)
		if len(data) > maxCaptureSize {
			ts.Fatalf("%s is %d bytes, more than the %d a kept capture may weigh: capture less", args[1], len(data), maxCaptureSize)
		}
		ts.Check(os.WriteFile(kept, data, 0o644))
		return
	}
	have, err := sidesView(kept)
	if errors.Is(err, fs.ErrNotExist) {
		ts.Fatalf("%s/%s.pcap is missing: make captures records it", captureDir, name)
	}
	ts.Check(err)
	if asserted {
		return
	}
	want, err := sidesView(live)
	ts.Check(err)
	// firstDifference: plumbing_test.go.
	if line, h, w := firstDifference(have, want); line > 0 {
		ts.Fatalf("%s/%s.pcap differs from this run at line %d of wire -sides -mask: it has %q, this run %q; make captures records it again", captureDir, name, line, h, w)
	}
}

// sidesView is what each side of a capture sent, in its own order, with
// what changes from run to run masked: wire -r FILE -sides -mask.
func sidesView(path string) (string, error) {
	frames, err := capture.ReadPcap(path)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	err = ladder.PrintSides(&out, capture.Build(frames, nil), ladder.Options{Mask: true})
	return out.String(), err
}

var (
	captureLine = regexp.MustCompile(`(?m)^capture (?:-asserted )?(\S+) `)
	captureRef  = regexp.MustCompile(`\bwire/([\w-]+)\.(?:pcap|svg)\b`)
)

// Every kept capture is recorded by a script, every capture a script
// records is kept, every page's link to one leads somewhere, and each
// stays small.
func TestCapturesRecorded(t *testing.T) {
	t.Parallel()
	scripts, err := filepath.Glob("testdata/script/*.txtar")
	require.NoError(t, err)
	recorded := map[string]string{}
	for _, s := range scripts {
		for _, m := range captureLine.FindAllStringSubmatch(readString(t, s), -1) {
			recorded[m[1]] = s
		}
	}
	kept, err := filepath.Glob(filepath.Join(captureDir, "*.pcap"))
	require.NoError(t, err)
	var names []string
	for _, k := range kept {
		name := strings.TrimSuffix(filepath.Base(k), ".pcap")
		names = append(names, name)
		assert.Contains(t, recorded, name, "%s: no script records it (capture %s FILE)", k, name)
		assert.Less(t, fileSize(t, captureDir, name+".pcap"), int64(maxCaptureSize), k)
	}
	for name, script := range recorded {
		assert.Contains(t, names, name, "%s records %s, which %s lacks: make captures", script, name, captureDir)
	}
	pages, err := filepath.Glob("docs/*.md")
	require.NoError(t, err)
	refs := 0
	for _, p := range pages {
		for _, m := range captureRef.FindAllStringSubmatch(readString(t, p), -1) {
			refs++
			assert.True(t, slices.Contains(names, m[1]), "%s links to %s, which %s lacks", p, m[0], captureDir)
		}
	}
	t.Logf("%d kept captures, %d links to them from the pages", len(names), refs)
	assert.NotEmpty(t, names)
}
