// Package benchpage writes the blocks of the benchmark page from what
// make bench measured, Go against Node: the figures live next to the page,
// in bench/results.json (docs/bench/ for docs/bench.md), whose shape is
// package benchjson. Five kinds of fenced block show them:
//
//	```bench show=machine          where and when the figures were taken
//	```bench show=table            every figure, Go against Node
//	```bench show=micro            the testing.B benchmarks, by package
//	```bench show=syscalls test=T  the system calls of each server in test T
//	```bench chart=echo1,echo50    bar charts of those measures
//
// All but the chart hold their text as Markdown, so that the page shows
// the real numbers even read as Markdown: make docs writes it from the
// results (Markdown), and the drift check compares it, as it does a code
// block. A chart block stays empty: the site draws the chart from the
// results each time it is built (Chart), so there is no copy of it to
// fall behind.
package benchpage

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"tcpgo/internal/benchjson"
)

// ResultsFile is where a page's benchmark figures are, next to the page.
const ResultsFile = "bench/results.json"

// ResultsPath is the results file of a page, both relative to the root.
func ResultsPath(page string) string {
	return path.Join(path.Dir(page), ResultsFile)
}

// ResultsError is a results file that cannot be read or makes no sense:
// every bench block of the page would fail with it, so it is reported once.
type ResultsError struct{ error }

// ReadResults loads and checks a results file. Its errors are one line
// that names the file.
func ReadResults(file string) (*benchjson.Results, error) {
	r, err := benchjson.Read(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ResultsError{fmt.Errorf("%s: no such file (make bench writes it)", file)}
	}
	if err != nil {
		return nil, ResultsError{err}
	}
	if err := r.Validate(); err != nil {
		return nil, ResultsError{fmt.Errorf("%s: %w", file, err)}
	}
	return r, nil
}

// Markdown is what a bench block with these attributes holds, from the
// results read from file: the Markdown of show=machine, show=table,
// show=micro and show=syscalls; nothing for a chart, once its measures are
// found.
func Markdown(r *benchjson.Results, file string, attrs map[string]string) (string, error) {
	switch {
	case attrs["show"] == "machine" && len(attrs) == 1:
		return machineText(r), nil
	case attrs["show"] == "table" && len(attrs) == 1:
		return figureTable(r), nil
	case attrs["show"] == "micro" && len(attrs) == 1:
		if len(r.Micro) == 0 {
			return "", fmt.Errorf("%s: no micro benchmarks (make bench runs them)", file)
		}
		return microTable(r.Micro), nil
	case attrs["show"] == "syscalls" && len(attrs) == 2 && attrs["test"] != "":
		table, err := syscallTable(r.Syscalls, attrs["test"])
		if err != nil {
			return "", fmt.Errorf("%s: %w", file, err)
		}
		return table, nil
	case attrs["chart"] != "" && len(attrs) == 1:
		_, err := chartPanels(r, strings.Split(attrs["chart"], ","))
		return "", err
	}
	return "", fmt.Errorf("a bench block wants show=machine, show=table, show=micro, show=syscalls test=rtt|echo1 or chart=measure,measure")
}

// TableClass is the class of a bench block's table in the site, for the
// stylesheet and the browser test.
func TableClass(attrs map[string]string) string {
	if attrs["show"] == "micro" || attrs["show"] == "syscalls" {
		return "micro"
	}
	return "figures"
}
