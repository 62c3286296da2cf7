package search

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSectionStepsAreShortAndInOrder(t *testing.T) {
	for _, c := range []struct {
		ids  []int
		want string
	}{
		{[]int{0}, "0"},
		{[]int{0, 1, 2}, "000"},
		{[]int{35}, "z"},
		{[]int{36}, "~10"},
		{[]int{3, 4, 104}, "30~2r"},
	} {
		got, err := sectionSteps(c.ids)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "sections %v", c.ids)
	}
	_, err := sectionSteps([]int{4, 2})
	assert.ErrorContains(t, err, "out of order")
	_, err = sectionSteps([]int{36 * 36})
	assert.ErrorContains(t, err, "more than it can number")
}

func TestSentencesEndWhereTheNextBegins(t *testing.T) {
	assert.Equal(t, []string{"Read returns n bytes.", "Then EOF!", "Why?", "`Write` waits."},
		sentences("Read returns n bytes. Then EOF! Why? `Write` waits."))
	assert.Equal(t, []string{"It closes, e.g. a socket ends."}, sentences("It closes, e.g. a socket ends."),
		"a full stop before a lower-case word ends no sentence")
	assert.Equal(t, []string{"io.EOF is an error."}, sentences("io.EOF is an error."), "nor does one inside a word")
}

func TestPassagesHoldEachWordOnceProseFirst(t *testing.T) {
	s := Section{
		Prose: "CloseWrite sends FIN. It sends FIN.\nThe peer reads EOF.",
		Code:  "conn.CloseWrite()\nio.Copy(conn, conn)\n\tfmt.Println(\"done\")\n",
	}
	got := passages(s)
	assert.Equal(t, []string{
		"CloseWrite sends FIN.",
		"It sends FIN.", // "it" is new
		"The peer reads EOF.",
		"conn.CloseWrite()", // "conn" is new
		"io.Copy(conn, conn)",
		`fmt.Println("done")`, // its spaces tidied
	}, got)
	got = passages(Section{Prose: "The socket. A socket.", Code: "socket"})
	assert.Equal(t, []string{"The socket."}, got, "a passage with no new word is left out")
}

func TestPassagesOfAPageBySection(t *testing.T) {
	page := Page{URL: "03-server.html", Title: "A", Sections: []Section{
		{Title: "A", Prose: "Dial connects. Dial connects again."},
		{ID: "read", Title: "Read", Prose: "Read blocks until data comes.", Code: "n, err := conn.Read(buf)"},
	}}
	script, err := Passages(page)
	require.NoError(t, err)
	assert.Equal(t, "search/03-server.js", PassagesFile(page.URL))
	assert.Contains(t, string(script), `(window.SEARCH_PASSAGES ??= {})["03-server.html"] = `+
		`{"":"Dial connects.\nDial connects again.","read":"Read blocks until data comes.\nn, err := conn.Read(buf)"};`)
	index, err := Index([]Page{page})
	require.NoError(t, err)
	assert.Contains(t, string(index), `"sections":[[0,"","A"],[0,"read","Read"]]`, "the index holds no passage")
}

// Chinese has no spaces: its characters and their pairs are the words,
// and a word of Latin letters beside them is one still.
func TestChineseWords(t *testing.T) {
	got := strings.Join(words("用CloseWrite半关闭连接"), " ")
	want := "用 closewrite 半 半关 关 关闭 闭 闭连 连 连接 接"
	if got != want {
		t.Errorf("words: got %q, want %q", got, want)
	}
}
