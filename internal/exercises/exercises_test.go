package exercises

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSaidKeepsTheCheckersWordsOnly(t *testing.T) {
	out := []byte(`=== RUN   TestSend
message from client received: "x"
    check_test.go:67: the server waited a second for the end of your request.
        Hint: end your side with CloseWrite.
--- FAIL: TestSend (1.00s)
FAIL
FAIL	tcpgo/lessons/02-client/exercises/1-send	1.013s
`)
	assert.Equal(t, "the server waited a second for the end of your request.\nHint: end your side with CloseWrite.", said(out))
	assert.Equal(t, "the checker stopped on a panic: runtime error: index out of range",
		said([]byte("=== RUN   TestX\npanic: runtime error: index out of range\n\ngoroutine 7 [running]:\n")))
}

func TestTitleIsTheFirstSentenceAfterTheColon(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("// Exercise 2 of lesson 1: give up on a peer that falls\n// silent. Then more.\npackage main\n"), 0o644)
	assert.Equal(t, "give up on a peer that falls silent", title(dir))
}

func TestLookupTakesTheLessonWithOrWithoutItsZero(t *testing.T) {
	all := []Exercise{{ID: "01/1"}, {ID: "02/1"}, {ID: "02/2"}}
	for _, id := range []string{"02/2", "2/2"} {
		ex, ok := Lookup(all, id)
		assert.True(t, ok, id)
		assert.Equal(t, "02/2", ex.ID)
	}
	_, ok := Lookup(all, "06/1")
	assert.False(t, ok)
}

// The exercises are found in the order of the lessons, with their ids.
func TestFindListsTheExercisesInOrder(t *testing.T) {
	all, err := Find(filepath.Join("..", ".."))
	assert.NoError(t, err)
	assert.GreaterOrEqual(t, len(all), 10)
	assert.Equal(t, "01/1", all[0].ID)
	for i := 1; i < len(all); i++ {
		assert.Less(t, all[i-1].ID, all[i].ID)
	}
}
