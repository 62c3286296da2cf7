package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tcpgo/internal/programs"
)

// Each server measured is a program of the table, so make bench builds
// and names it as make build and the tests do.
func TestPairsAreProgramsOfTheTable(t *testing.T) {
	for _, p := range pairs {
		server, err := programs.Find(p.goBin)
		require.NoError(t, err)
		assert.Contains(t, server.Package, "./lessons/"+p.lesson, p.goBin)
		sides, err := p.sides("bin", true)
		require.NoError(t, err, p.lesson)
		if p.before != "" {
			assert.Equal(t, "bin/robust-server-5-max-conns", sides[2].argv[0])
		}
	}
}
