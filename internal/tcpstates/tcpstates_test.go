package tcpstates

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Lines as the kernel writes them (trimmed after the inode): a listener,
// an established connection with 8 bytes unacknowledged, a TIME_WAIT.
const table = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1FBC 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2275798
   1: 0100007F:9C40 0100007F:1FBC 01 00000008:00000000 00:00000000 00000000  1000        0 2275799
   2: 0100007F:1FBC 0100007F:9C41 06 00000000:00000000 03:00001770 00000000     0        0 0
`

const table6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1FBC 00000000000000000000000001000000:9C42 08 00000000:00000000 00:00000000 00000000  1000        0 1
`

func TestTheKernelsTablesReadAsPairsAndStates(t *testing.T) {
	snap := Snapshot{}
	require.NoError(t, Parse(strings.NewReader(table), snap))
	require.NoError(t, Parse(strings.NewReader(table6), snap))
	server := netip.MustParseAddrPort("127.0.0.1:8124")
	assert.Equal(t, Snapshot{
		{Local: netip.MustParseAddrPort("127.0.0.1:40000"), Remote: server}:                            {State: "ESTABLISHED", Unacked: 8},
		{Local: server, Remote: netip.MustParseAddrPort("127.0.0.1:40001")}:                            {State: "TIME_WAIT"},
		{Local: netip.MustParseAddrPort("[::1]:8124"), Remote: netip.MustParseAddrPort("[::1]:40002")}: {State: "CLOSE_WAIT"},
	}, snap, "the listener is left out")
	assert.False(t, snap.AtRest(), "8 bytes are on their way")
}

func TestSocketsAreAtRestWhenNothingIsOnItsWay(t *testing.T) {
	pair := Pair{}
	for state, rest := range map[string]bool{"ESTABLISHED": true, "FIN_WAIT2": true, "TIME_WAIT": true, "CLOSE_WAIT": true, "FIN_WAIT1": false, "LAST_ACK": false, "SYN_SENT": false} {
		assert.Equal(t, rest, Snapshot{pair: {State: state}}.AtRest(), state)
	}
	assert.True(t, Snapshot{}.AtRest())
	assert.Error(t, Parse(strings.NewReader("heading\n 0: nonsense\n"), Snapshot{}))
}
