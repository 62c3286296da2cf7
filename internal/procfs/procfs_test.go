package procfs

import (
	"net"
	"os"
	"syscall"
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

// CPU time is read in nanoseconds, not in ticks of 10 ms, which would
// most often read nothing for a run of a few milliseconds.
func TestCPUCountsNanoseconds(t *testing.T) {
	pid := os.Getpid()
	before, err := CPU(pid)
	require.NoError(t, err)
	spin(t, 20*time.Millisecond)
	after, err := CPU(pid)
	require.NoError(t, err)
	assert.Greater(t, after, before)
	assert.NotZero(t, after%(10*time.Millisecond), "%s, a whole number of ticks", after)
	_, err = CPU(1 << 30)
	assert.ErrorContains(t, err, "has exited")
}

// spin keeps a core busy until this process has used d of CPU time more,
// by the kernel's own count (getrusage): on a busy machine that may take
// longer than d.
func spin(t *testing.T, d time.Duration) {
	used := func() time.Duration {
		var ru syscall.Rusage
		require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	x := uint64(1)
	for start := used(); used()-start < d; {
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
