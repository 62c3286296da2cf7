package procfs

import (
	"net"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test process looks at itself.
func TestAProcessSeesItsListenerDescriptorsMemoryAndCPU(t *testing.T) {
	pid := os.Getpid()
	before, err := Descriptors(pid)
	require.NoError(t, err)
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()

	addr, err := Listening(pid)
	require.NoError(t, err)
	assert.Equal(t, ln.Addr().String(), addr)
	after, err := Descriptors(pid)
	require.NoError(t, err)
	assert.Equal(t, before+1, after)

	now, peak, err := Memory(pid)
	require.NoError(t, err)
	assert.Positive(t, now)
	assert.GreaterOrEqual(t, peak, now)
	_, err = CPU(pid)
	require.NoError(t, err)
}

func TestHexAddr(t *testing.T) {
	addr, err := HexAddr("0100007F:1F94")
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:8084", addr)
	_, err = HexAddr("nothex:1F94")
	assert.ErrorContains(t, err, `bad address "nothex:1F94"`)
}

func TestAProcessThatHasExitedSaysSo(t *testing.T) {
	_, err := Descriptors(1 << 30)
	assert.ErrorContains(t, err, "has exited")
	_, _, err = Memory(1 << 30)
	assert.ErrorContains(t, err, "has exited")
}
