package tcpgo

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/benchjson"
)

// The words of docs/bench.md say things the charts and tables can only
// show: each is checked here against the figures it describes
// (docs/bench/results.json), so that a new make bench that says
// otherwise fails here, naming the sentence to change. Each sentence is
// checked to be on the page still, and a claim that its figures can no
// longer check fails too.
func TestBenchPageSaysWhatItsFiguresShow(t *testing.T) {
	c := readBenchClaims(t)
	r := c.results
	c.says("Each connection streams lines of 1 to 1,000 bytes for a second ... keeping at most 256 KiB in flight",
		r.Settings["echo"] == "1s of lines of 1 to 1,000 bytes, at most 256 KiB in flight on each connection, every byte checked", r.Settings["echo"])
	c.says("Five thousand clients connect, read the greeting", r.Settings["idle"] == "5000 connections held, greeted and silent", r.Settings["idle"])
	c.says("Five thousand clients connect to lesson 4's conversation server ... a message, then the reply, due 200 ms later, three times each",
		r.Settings["conversation"] == "5000 talkers at once, 3 messages each, each reply due 200ms after its message", r.Settings["conversation"])

	for _, p := range [][2]string{{"tcp-server", "server.js"}, {"robust-server", "robust-server.js"}} {
		c.says("Node's event loop waits in epoll_pwait before each read", c.calls(p[1], "rtt")["epoll_pwait"] >= 0.9, p[1])
		ratio := c.calls(p[0], "echo1")["read"] / c.calls(p[1], "echo1")["read"]
		c.says("So Go makes about twice as many read and write calls for each megabyte", ratio > 1.5 && ratio < 3, p, ratio)
		for _, server := range p {
			rtt := c.calls(server, "rtt")
			c.says("Both read once and write once", rtt["read"] >= 0.9 && rtt["read"] < 1.6 && rtt["write"] >= 0.9 && rtt["write"] < 1.2, server, rtt)
		}
	}
	for _, lesson := range []string{"03-server", "05-robust-server"} {
		c.says("and still spends less CPU on it", c.figure("cpu1-"+lesson).Ratio < 1, lesson)
		c.says("Go's lead comes from spending less CPU on each byte", c.figure("cpu50-"+lesson).Ratio < 1 && c.figure("echo50-"+lesson).Ratio > 1, lesson)
		idle, used := c.figure("idlemem-"+lesson), c.figure("usedmem-"+lesson)
		grew := used.Go.Median - idle.Go.Median
		c.says("Once a client has sent a line, the first page of its buffer is in RAM", grew > 3 && grew < 5, lesson, grew)
		c.says("Node reads into memory it takes for the read, and its figure hardly moves", used.Node.Median-idle.Node.Median < 2, lesson)
		fds := c.figure("idlefds-" + lesson)
		c.says("Descriptors. One per connection, in Go as in Node", fds.Go.Median == 1 && fds.Node.Median == 1, lesson)
		c.says("server CPU per round trip: the CPU time the server's process used ... Go spends less than Node", c.figure("rttcpu-"+lesson).Ratio < 1, lesson)
	}
	c.says("robust-server's goroutine does more on each Read than tcp-server's copy loop ... and its connections cost more",
		c.figure("idlemem-05-robust-server").Go.Median > c.figure("idlemem-03-server").Go.Median)
	for _, m := range []string{"echo1", "echo50"} {
		f := c.figure(m + "-05-robust-server")
		require.NotNil(t, f.Before, "%s has no figure of step 5", f.ID)
		c.says("The first run of this benchmark had lesson 5's server well behind its Node twin in throughput",
			f.Before.Median < f.Go.Median && f.Before.Median < f.Node.Median, m)
	}
	used := c.figure("usedmem-05-robust-server")
	require.NotNil(t, used.Before, "%s has no figure of step 5", used.ID)
	c.says("The bigger buffer has a cost in memory too", used.Before.Median < used.Go.Median)
}

// benchClaims checks the sentences of docs/bench.md against its figures.
type benchClaims struct {
	t       *testing.T
	page    string // docs/bench.md, its marks taken out and its spaces run together
	results *benchjson.Results
}

func readBenchClaims(t *testing.T) *benchClaims {
	r, err := benchjson.Read("docs/bench/results.json")
	require.NoError(t, err)
	text, err := os.ReadFile("docs/bench.md")
	require.NoError(t, err)
	return &benchClaims{t: t, page: plainWords(string(text)), results: r}
}

var markdownMarks = strings.NewReplacer("`", "", "**", "")

// plainWords is Markdown as a reader sees its words: no code or bold
// marks, and one space wherever the source breaks a line.
func plainWords(markdown string) string {
	return strings.Join(strings.Fields(markdownMarks.Replace(markdown)), " ")
}

// says checks that the page says sentence, and that ok: what the figures
// show agrees. A sentence may leave words out with " ... "; the parts
// must then come in that order.
func (c *benchClaims) says(sentence string, ok bool, figures ...any) {
	c.t.Helper()
	if !c.onPage(sentence) {
		c.t.Errorf("docs/bench.md no longer says %q: change the claim here with the page", sentence)
		return
	}
	assert.True(c.t, ok, "docs/bench.md says %q, but its figures do not: %s", sentence, fmt.Sprint(figures...))
}

func (c *benchClaims) onPage(sentence string) bool {
	return wordsInOrder(c.page, sentence)
}

// wordsInOrder reports whether page says sentence, whose parts between
// " ... " must come in that order.
func wordsInOrder(page, sentence string) bool {
	rest := page
	for _, part := range strings.Split(sentence, " ... ") {
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return true
}

// figure returns the figure with this ID, failing the test if there is
// none: the claim would have nothing to be checked against.
func (c *benchClaims) figure(id string) benchjson.Figure {
	c.t.Helper()
	for _, f := range c.results.Figures {
		if f.ID == id {
			return f
		}
	}
	c.t.Fatalf("docs/bench/results.json has no figure %s, which docs/bench.md speaks of", id)
	return benchjson.Figure{}
}

// calls returns the system calls that strace counted for server in test,
// failing the test if it did not count them: results.json without them
// (make bench without strace) cannot check what the page says of them.
func (c *benchClaims) calls(server, test string) map[string]float64 {
	c.t.Helper()
	for _, s := range c.results.Syscalls {
		if s.Server == server && s.Test == test {
			return s.Calls
		}
	}
	c.t.Fatalf("docs/bench/results.json has no system calls of %s in %s, which docs/bench.md speaks of (make bench counts them with strace)", server, test)
	return nil
}
