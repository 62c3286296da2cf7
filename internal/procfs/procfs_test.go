package procfs

import (
	"net"
	"os"
	"testing"
	"time"

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

// A few milliseconds of work show: CPU is not counted in ticks of 10 ms,
// which would most often read nothing here.
func TestCPUCountsMilliseconds(t *testing.T) {
	pid := os.Getpid()
	before, err := CPU(pid)
	require.NoError(t, err)
	spin(3 * time.Millisecond)
	after, err := CPU(pid)
	require.NoError(t, err)
	assert.Greater(t, after, before)
	_, err = CPU(1 << 30)
	assert.ErrorContains(t, err, "has exited")
}

// spin keeps a core busy for d.
func spin(d time.Duration) {
	x := uint64(1)
	for start := time.Now(); time.Since(start) < d; {
		for range 1000 {
			x = x*6364136223846793005 + 1
		}
	}
	sink = x
}

var sink uint64

func TestTwoListenersAreAnError(t *testing.T) {
	one, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer one.Close()
	two, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer two.Close()
	_, err = Listening(os.Getpid())
	assert.ErrorContains(t, err, "listens on 2 addresses")
	assert.ErrorContains(t, err, one.Addr().String())
	assert.ErrorContains(t, err, two.Addr().String())
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
