package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"tcpgo/internal/benchjson"
)

// microPackages hold the testing.B benchmarks of the parts that run in
// one process: lesson 3's copy loop, lesson 5's framing and echo.
var microPackages = []string{"./lessons/03-server", "./lessons/05-robust-server"}

// micro runs the testing.B benchmarks, each for about benchtime ("1x"
// runs each once: a check that they work, not a measure).
func micro(benchtime string) ([]benchjson.Micro, error) {
	args := append([]string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", benchtime, "-count", "1"}, microPackages...)
	cmd := exec.Command(goCommand(), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go test -bench: %v\n%s%s", err, out, stderr.Bytes())
	}
	return parseBench(out)
}

// parseBench reads go test's benchmark lines:
//
//	pkg: tcpgo/lessons/03-server
//	BenchmarkEcho/lesson-32KiB-2  11653  100371 ns/op  652.94 MB/s  0 B/op  0 allocs/op
func parseBench(out []byte) ([]benchjson.Micro, error) {
	var results []benchjson.Micro
	pkg := ""
	lines := bufio.NewScanner(bytes.NewReader(out))
	for lines.Scan() {
		line := lines.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		m := benchjson.Micro{Package: pkg, Name: benchName(fields[0])}
		// After the name and the count come pairs: a value, its unit.
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("benchmark line %q: %q is not a number", line, fields[i])
			}
			switch unit := fields[i+1]; unit {
			case "ns/op":
				m.NsPerOp = v
			case "MB/s":
				m.MBps = v
			case "B/op":
				m.BytesPerOp = v
			case "allocs/op":
				m.AllocsPerOp = v
			default:
				if m.Metrics == nil {
					m.Metrics = map[string]float64{}
				}
				m.Metrics[unit] = v
			}
		}
		results = append(results, m)
	}
	if len(results) == 0 {
		return nil, fmt.Errorf("go test -bench printed no benchmark:\n%s", out)
	}
	return results, nil
}

// benchName drops "Benchmark" and the GOMAXPROCS suffix ("-2").
func benchName(s string) string {
	s = strings.TrimPrefix(s, "Benchmark")
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		if _, err := strconv.Atoi(s[i+1:]); err == nil {
			s = s[:i]
		}
	}
	return s
}
