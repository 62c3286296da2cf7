package programs

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStepIsNamedAfterWhatItGrowsInto(t *testing.T) {
	step, err := Step("./lessons/03-server/steps/1-pipe")
	require.NoError(t, err)
	assert.Equal(t, Program{"tcp-server-1-pipe", "./lessons/03-server/steps/1-pipe"}, step)

	_, err = Step("./lessons/01-socket-events/steps/1-open")
	assert.Error(t, err, "lesson 1 has no steps")
	_, err = Step("./lessons/03-server/exercises/1-upper")
	assert.Error(t, err, "an exercise is not a step")
}

// Every program of the repository has a name of its own, and so a binary
// of its own in bin/.
func TestAllHaveNamesOfTheirOwn(t *testing.T) {
	all, err := All("../..")
	require.NoError(t, err)
	names := map[string]string{}
	for _, p := range all {
		if other, ok := names[p.Name]; ok {
			t.Errorf("%s and %s are both called %s", other, p.Package, p.Name)
		}
		names[p.Name] = p.Package
	}
	assert.Equal(t, "./demos/stacks", names["demo-stacks"])
	assert.Equal(t, "./lessons/05-robust-server/steps/5-max-conns", names["robust-server-5-max-conns"])
	assert.Greater(t, len(all), len(Lessons)+len(Tools)+10, "the steps and demos are found")
}

func TestFind(t *testing.T) {
	p, err := Find("loadgen")
	require.NoError(t, err)
	assert.Equal(t, "./cmd/loadgen", p.Package)
	_, err = Find("tcp-server-1-pipe")
	assert.Error(t, err, "steps are found by their package, with Step")
}
