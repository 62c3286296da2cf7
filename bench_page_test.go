package tcpgo

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/benchjson"
)

// The words of docs/bench.md say things the charts and tables can only
// show: each is checked here against the figures it describes
// (docs/bench/results.json), so that a new make bench that says
// otherwise fails here, naming the sentence to change.
func TestBenchPageSaysWhatItsFiguresShow(t *testing.T) {
	r, err := benchjson.Read("docs/bench/results.json")
	require.NoError(t, err)
	fig := map[string]benchjson.Figure{}
	for _, f := range r.Figures {
		fig[f.ID] = f
	}
	calls := map[string]benchjson.Syscalls{}
	for _, c := range r.Syscalls {
		calls[c.Server+" "+c.Test] = c
	}
	get := func(id string) benchjson.Figure {
		f, ok := fig[id]
		require.True(t, ok, "no figure %s", id)
		return f
	}
	claim := func(ok bool, sentence string, args ...any) {
		t.Helper()
		assert.True(t, ok, "docs/bench.md says %q, but its figures do not: %s", sentence, fmt.Sprint(args...))
	}

	// The settings the page describes in words.
	claim(r.Settings["echo"] == "1s of lines of 1 to 1,000 bytes, at most 256 KiB in flight on each connection, every byte checked",
		"Each connection streams lines of 1 to 1,000 bytes for a second ... keeping at most 256 KiB in flight", r.Settings["echo"])
	claim(r.Settings["idle"] == "5000 connections held, greeted and silent", "Five thousand clients connect, read the greeting", r.Settings["idle"])
	claim(r.Settings["conversation"] == "5000 talkers at once, 3 messages each, each reply due 200ms after its message",
		"Five thousand clients ... a message, then the reply, due 200 ms later, three times each", r.Settings["conversation"])

	for _, p := range [][2]string{{"tcp-server", "server.js"}, {"robust-server", "robust-server.js"}} {
		goEcho, nodeEcho := calls[p[0]+" echo1"], calls[p[1]+" echo1"]
		if len(r.Syscalls) > 0 {
			claim(calls[p[1]+" rtt"].Calls["epoll_pwait"] >= 0.9, "Node's event loop waits in epoll_pwait before each read", p[1])
			ratio := goEcho.Calls["read"] / nodeEcho.Calls["read"]
			claim(ratio > 1.5 && ratio < 3, "Go makes about twice as many read and write calls for each megabyte", p, ratio)
			for _, s := range p {
				rtt := calls[s+" rtt"]
				claim(rtt.Calls["read"] >= 0.9 && rtt.Calls["read"] < 1.6 && rtt.Calls["write"] >= 0.9 && rtt.Calls["write"] < 1.2,
					"Both read once and write once [per round trip]", s, rtt.Calls)
			}
		}
	}
	for _, lesson := range []string{"03-server", "05-robust-server"} {
		claim(get("cpu1-"+lesson).Ratio < 1, "[Go] still spends less CPU on it", lesson)
		claim(get("cpu50-"+lesson).Ratio < 1 && get("echo50-"+lesson).Ratio > 1, "Go's lead comes from spending less CPU on each byte", lesson)
		idle, used := get("idlemem-"+lesson), get("usedmem-"+lesson)
		grew := used.Go.Median - idle.Go.Median
		claim(grew > 3 && grew < 5, "Once a client has sent a line, the first page of its buffer is in RAM", lesson, grew)
		claim(used.Node.Median-idle.Node.Median < 2, "Node reads into memory it takes for the read, and its figure hardly moves", lesson)
		claim(get("idlefds-"+lesson).Go.Median == 1 && get("idlefds-"+lesson).Node.Median == 1, "One per connection, in Go as in Node", lesson)
	}
	for _, lesson := range []string{"03-server", "05-robust-server"} {
		claim(get("rttcpu-"+lesson).Ratio < 1, "server CPU per round trip: the CPU time the server's process used ... Go spends less than Node", lesson)
	}
	claim(get("idlemem-05-robust-server").Go.Median > get("idlemem-03-server").Go.Median,
		"robust-server's goroutine does more on each Read than tcp-server's copy loop ... and its connections cost more")
	for _, m := range []string{"echo1", "echo50"} {
		f := get(m + "-05-robust-server")
		require.NotNil(t, f.Before, m)
		claim(f.Before.Median < f.Go.Median && f.Before.Median < f.Node.Median,
			"The first run of this benchmark had lesson 5's server well behind its Node twin in throughput (step 5, still measured)", m)
	}
	before := get("usedmem-05-robust-server").Before
	require.NotNil(t, before)
	claim(before.Median < get("usedmem-05-robust-server").Go.Median, "The bigger buffer has a cost in memory too")
}
