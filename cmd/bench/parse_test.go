package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseBenchReadsEachFigureWithItsUnit(t *testing.T) {
	out := []byte(`goos: linux
pkg: tcpgo/lessons/03-server
BenchmarkEcho/lesson-32KiB-2    11653  100371 ns/op  652.94 MB/s  0 B/op  0 allocs/op
PASS
pkg: tcpgo/lessons/05-robust-server
BenchmarkLines/64B-2  288457  4204 ns/op  512.0 lines/op  7794.33 MB/s  0 B/op  0 allocs/op
ok  	tcpgo/lessons/05-robust-server	8.498s
`)
	got, err := parseBench(out)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "tcpgo/lessons/03-server", got[0].Package)
	assert.Equal(t, "Echo/lesson-32KiB", got[0].Name)
	assert.Equal(t, 100371.0, got[0].NsPerOp)
	assert.Equal(t, 652.94, got[0].MBps)
	assert.Equal(t, "Lines/64B", got[1].Name)
	assert.Equal(t, map[string]float64{"lines/op": 512}, got[1].Metrics)

	_, err = parseBench([]byte("PASS\n"))
	assert.ErrorContains(t, err, "printed no benchmark")
}

func TestParseStraceCountsEachCall(t *testing.T) {
	out := []byte(`% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ------------------
 71.43    1.505260        1363      1104       320 futex
  5.88    0.123993          22      5406           write
  3.82    0.080452          10      8010      2601 read
------ ----------- ----------- --------- --------- ------------------
100.00    2.107245          96     14520      2921 total
`)
	c := parseStrace(out)
	assert.Equal(t, map[string]int{"futex": 1104, "write": 5406, "read": 8010}, c.calls)
	assert.Equal(t, map[string]int{"futex": 320, "read": 2601}, c.failed)
}

func TestPerUnitTakesOffTheRunWithoutLoad(t *testing.T) {
	run := straceCounts{
		calls:  map[string]int{"read": 1510, "write": 1000, "mmap": 60, "futex": 300},
		failed: map[string]int{"read": 500, "futex": 20},
	}
	base := straceCounts{calls: map[string]int{"read": 10, "mmap": 55, "futex": 100}, failed: map[string]int{"futex": 20}}
	calls, failed := perUnit(run, base, 1000)
	assert.Equal(t, map[string]float64{"read": 1.5, "write": 1, "futex": 0.2}, calls, "mmap: the start's, left out")
	assert.Equal(t, map[string]float64{"read": 0.5}, failed)
}
