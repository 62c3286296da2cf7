package highlight

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLinesSayHowFarInTheyStart(t *testing.T) {
	assert.Equal(t, `<span class="line">`, LineStart("func main() {\n"))
	assert.Equal(t, `<span class="line" style="--t:2">`, LineStart("\t\treturn err\n"))
	assert.Equal(t, `<span class="line" style="--s:4">`, LineStart("    socket.end();\n"))
	assert.Equal(t, `<span class="line" style="--t:1;--s:2">`, LineStart("\t  x\n"))
}

func TestPlainTokensGetNoElement(t *testing.T) {
	assert.True(t, isPlain(chroma.TextWhitespace))
	assert.True(t, isPlain(chroma.Punctuation), "GitHub's styles show punctuation as text")
	assert.False(t, isPlain(chroma.Keyword))
	var out strings.Builder
	require.NoError(t, Lines(&out, "go", "if x {\n\treturn\n}\n"))
	assert.Equal(t, `<span class="line"><span class="k">if</span> x {
</span><span class="line" style="--t:1">	<span class="k">return</span>
</span><span class="line">}
</span>`, out.String())
}
