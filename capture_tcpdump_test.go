package tcpgo

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/capture"
)

// A reader who downloads a page's capture opens it in tcpdump or
// Wireshark, not in our wire command. So each kept capture is read by
// tcpdump too, and must show every packet our own reader finds: a file
// tcpdump stops short in would cut the reader's view of it.
func TestCapturesOpenInTcpdump(t *testing.T) {
	t.Parallel()
	tcpdump := findTcpdump(t)
	kept, err := filepath.Glob(filepath.Join(captureDir, "*.pcap"))
	require.NoError(t, err)
	require.NotEmpty(t, kept, "no captures in %s", captureDir)
	// Each tcpdump is a process of its own, mostly spent starting up:
	// they run side by side.
	for _, path := range kept {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			frames, err := capture.ReadPcap(path)
			require.NoError(t, err, path)
			assert.Equal(t, len(frames), tcpdumpPackets(t, tcpdump, path), "%s: packets tcpdump prints, against those capture.ReadPcap reads", path)
		})
	}
}

// tcpdumpPackets is how many packets tcpdump prints of a capture: one
// line each, without -v. With -n it looks no names up, which would be
// slow and is not what is tested.
func tcpdumpPackets(t *testing.T, tcpdump, path string) int {
	t.Helper()
	var out, errs bytes.Buffer
	cmd := exec.Command(tcpdump, "-n", "-r", path)
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		t.Fatalf("tcpdump -r %s: %v: %s", path, err, strings.TrimSpace(errs.String()))
	}
	return strings.Count(out.String(), "\n")
}

// findTcpdump returns tcpdump's path. Older Debian kept it in /usr/sbin,
// off a user's PATH.
func findTcpdump(t *testing.T) string {
	return findTool(t, "tcpdump", "the captures to be opened with it", "apt-get install tcpdump", "tcpdump", "/usr/sbin/tcpdump")
}
