package seqdiagram

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSequenceDiagram(t *testing.T) {
	svg, err := Draw([]string{
		"client connects", `client sends "a<b"`, "server waits -delay", `server sends "ok"`, "client ends", "server ends", "closed",
	})
	require.NoError(t, err)
	s := string(svg)
	assert.True(t, strings.HasPrefix(s, `<svg xmlns="http://www.w3.org/2000/svg"`))
	assert.Equal(t, 5, strings.Count(s, `marker-end="url(#head)"`), "connect, two messages, two ends")
	assert.Contains(t, s, `&#34;a&lt;b&#34;`, "payloads are escaped")
	assert.Contains(t, s, "waits -delay")
	assert.Contains(t, s, "prefers-color-scheme: dark")

	_, err = Draw([]string{"client dances"})
	assert.EqualError(t, err, `unknown event "client dances"`)
}
