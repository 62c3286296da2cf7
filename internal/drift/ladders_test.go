package drift

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/capture"
)

// A capture's drawing that no longer matches it is a drift, which make
// docs draws again; a drawing whose capture is gone is one too.
func TestCheckNamesAStalePacketLadder(t *testing.T) {
	root := fixture(t)
	wire := filepath.Join(root, "docs", CaptureDir)
	require.NoError(t, capture.WritePcap(filepath.Join(wire, "quiet.pcap"), nil))
	require.NoError(t, os.WriteFile(filepath.Join(wire, "quiet.svg"), []byte("<svg>drawn from another capture</svg>\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(wire, "gone.svg"), []byte("<svg/>\n"), 0o644))

	drifts, err := Check(root, "docs")
	require.NoError(t, err)
	require.Len(t, drifts, 2)
	assert.Equal(t, "docs/wire/quiet.svg:1: packet ladder (drawn from docs/wire/quiet.pcap) differs from its source at its line 1: the file has \"<svg>drawn from another capture</svg>\", the source \"<svg xmlns=\\\"http://www.w3.org/2000/svg\\\" viewBox=\\\"0 0 400 70\\\" width=\\\"400\\\" height=\\\"70\\\" role=\\\"img\\\" aria-labelledby=\\\"title desc\\\">\"; run make docs", drifts[0].String())
	assert.Equal(t, "docs/wire/gone.svg:1: packet ladder: no capture beside it to draw it from", drifts[1].String())

	require.NoError(t, os.Remove(filepath.Join(wire, "gone.svg")))
	changed, err := Refresh(root, "docs")
	require.NoError(t, err)
	assert.Equal(t, []string{"docs/wire/quiet.svg"}, changed)
	drifts, err = Check(root, "docs")
	require.NoError(t, err)
	assert.Empty(t, drifts, "make docs draws the capture again")
}
