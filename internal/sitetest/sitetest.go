// Package sitetest holds what the tests of the site tool's packages share:
// a small repository to keep pages true to and render, and a made-up
// results file of the benchmark.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"tcpgo/internal/benchjson"
)

// Source is a Go file with a region, "greet", and one inside it, "inner".
const Source = `package main

func main() {
	// ANCHOR: greet
	if true {
		println("hello")
	}
	// ANCHOR: inner
	println("inner")
	// ANCHOR_END: inner
	// ANCHOR_END: greet
}
`

// Repository lays out a small repository in a temporary folder and returns
// it: Source as a lesson, a script with a golden output and an exchange, a
// README and a licence, and a page, docs/x.md, whose two blocks embed the
// inner region and the golden output. The page is in line with them; the
// diagram of the exchange is not drawn yet.
func Repository(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	WriteFile(t, root, "lessons/x/main.go", Source)
	WriteFile(t, root, "testdata/script/x_run.txtar", "exec x\ncmp stdout want\n-- want --\nhello\ninner\n-- exchange --\nclient connects\nclient sends \"hi\"\nserver waits\nserver sends \"hi\"\nclient ends\nserver ends\nclosed\n")
	WriteFile(t, root, "README.md", "# The repository\n")
	WriteFile(t, root, "README.zh-CN.md", "# 仓库\n")
	WriteFile(t, root, "LICENSE", "MIT\n")
	WriteFile(t, root, "docs/x.md", "---\norder: 1\n---\n# X\n\n"+
		"```go file=lessons/x/main.go region=inner\n"+"println(\"inner\")\n"+"```\n\n"+
		"```console cmd=\"go run ./lessons/x\" output=testdata/script/x_run.txtar#want\n"+"$ go run ./lessons/x\nhello\ninner\n"+"```\n")
	return root
}

// WriteFile writes text to the file at path under root, making its folder.
func WriteFile(t *testing.T, root, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, path)), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, path), []byte(text), 0o644))
}

// ReadFile returns the text of the file name in dir.
func ReadFile(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(data)
}

// Results is a results file made up for the tests: one measure where
// higher is better, over two lessons, whose target one meets and the
// other misses, and where the second has its Go server from before a
// change too; one where lower is better, with no target; and micro
// benchmarks from two packages, one with a figure of its own.
func Results() *benchjson.Results {
	return &benchjson.Results{
		Date:     "2031-02-03T04:05:06Z",
		Machine:  benchjson.Machine{Cores: 4, CPU: "Test CPU 9000", Kernel: "6.9.1", Go: "go1.99.1", Node: "v42.0.1", OS: "linux/arm64"},
		Rounds:   5,
		Settings: map[string]string{"echo": "2s per round"},
		Figures: []benchjson.Figure{
			{ID: "tput-03", Measure: "tput", Title: "throughput", Lesson: "03-server", Unit: "MB/s", Better: "higher",
				Go: side("tcp-server", 300, 250, 330), Node: side("server.js", 100, 90, 120), Ratio: 3, Target: 2},
			{ID: "tput-05", Measure: "tput", Title: "throughput", Lesson: "05-robust-server", Unit: "MB/s", Better: "higher",
				Go: side("robust-server", 150, 140, 160), Node: side("robust-server.js", 120, 110, 125), Ratio: 1.25, Target: 2,
				Before: new(side("robust-server, step 5", 50, 45, 60))},
			{ID: "mem-04", Measure: "mem", Title: "memory | held", Lesson: "04-conversation", Unit: "KB", Better: "lower",
				Go: side("talk-server", 8.5, 8, 9), Node: side("talk-server.js", 17, 16, 18), Ratio: 0.5},
		},
		Micro: []benchjson.Micro{
			{Package: "tcpgo/lessons/03-server", Name: "Echo/lesson-32KiB", NsPerOp: 123456.7, MBps: 265.4321, AllocsPerOp: 0},
			{Package: "tcpgo/lessons/05-robust-server", Name: "Lines/64_B", NsPerOp: 4212.7, MBps: 7781.234, AllocsPerOp: 1.5,
				Metrics: map[string]float64{"lines/op": 512}},
			{Package: "tcpgo/lessons/03-server", Name: "Copy", NsPerOp: 76.04, AllocsPerOp: 2},
		},
	}
}

func side(server string, median, low, high float64) benchjson.Side {
	return benchjson.Side{Server: server, Median: median, Min: low, Max: high, Values: []float64{low, median, high}}
}
