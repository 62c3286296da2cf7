package exercises

import (
	"os"
	"path/filepath"
	"strings"
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

// A race report becomes the two lines of the learner's code that raced,
// and the exercise's hint for a race.
func TestRaceSaidNamesTheLearnersLines(t *testing.T) {
	dir := "/repo/lessons/03-server/exercises/1-shout"
	out := []byte(`=== RUN   TestShout
==================
WARNING: DATA RACE
Write at 0x00c000180000 by goroutine 12:
  syscall.Read()
      /usr/local/go/src/syscall/syscall_unix.go:183 +0x8c
  tcpgo/lessons/03-server/exercises/1-shout.serve()
      /repo/lessons/03-server/exercises/1-shout/main.go:47 +0x9b
  tcpgo/lessons/03-server/exercises/1-shout.run.gowrap1()
      /repo/lessons/03-server/exercises/1-shout/main.go:36 +0x33

Previous read at 0x00c000180000 by goroutine 11:
  tcpgo/lessons/03-server/exercises/1-shout.shout()
      /repo/lessons/03-server/exercises/1-shout/main.go:60 +0x44
  tcpgo/lessons/03-server/exercises/1-shout.TestShout()
      /repo/lessons/03-server/exercises/1-shout/check_test.go:40 +0x44

Goroutine 12 (running) created at:
  tcpgo/lessons/03-server/exercises/1-shout.run()
      /repo/lessons/03-server/exercises/1-shout/main.go:36 +0x84
==================
    check_test.go:73: two clients at once, each shouted back at
    testing.go:1712: race detected during execution of test
--- FAIL: TestShout (0.02s)
`)
	hints := map[string]string{"checkHint": "serve each client in a goroutine.", "raceHint": "give each client a buffer of its own."}
	assert.Equal(t, `the race detector caught two goroutines using the same memory at once, one of them writing, with nothing to order the two:
  in one goroutine, serve wrote it (main.go:47)
  in another goroutine, shout had just read it (main.go:60)
A race does not show on every run, and it is a bug on every run: the two goroutines can see each other's work half done.
Hint: give each client a buffer of its own.`, raceSaid(out, dir, hints))
	assert.Equal(t, "two clients at once, each shouted back at", said(out), "the testing package's words are not the checker's")
	assert.Equal(t, "a function literal in run", shortName("tcpgo/lessons/03-server/exercises/2-stop.run.func1"))
	assert.Equal(t, "(*counted).Write", shortName("tcpgo/lessons/02-client/exercises/2-count.(*counted).Write"))
}

// vet's JSON becomes its findings in the learner's files, each once,
// with why each is a bug.
func TestVetSaidExplainsEachFinding(t *testing.T) {
	dir := "/repo/lessons/03-server/exercises/2-stop"
	out := []byte(`# tcpgo/lessons/03-server/exercises/2-stop
{
	"tcpgo/lessons/03-server/exercises/2-stop": {
		"waitgroup": [{"posn": "/tmp/wrong.go:47:15", "end": "/tmp/wrong.go:47:15", "message": "WaitGroup.Add called from inside new goroutine"}]
	}
}
# tcpgo/lessons/03-server/exercises/2-stop [tcpgo/lessons/03-server/exercises/2-stop.test]
{
	"tcpgo/lessons/03-server/exercises/2-stop [tcpgo/lessons/03-server/exercises/2-stop.test]": {
		"waitgroup": [{"posn": "/tmp/wrong.go:47:15", "end": "/tmp/wrong.go:47:15", "message": "WaitGroup.Add called from inside new goroutine"}],
		"printf": [{"posn": "/repo/lessons/03-server/exercises/2-stop/check_test.go:9:2", "message": "the checker's own"}]
	}
}
`)
	found := vetFindings(out, dir, "/tmp/wrong.go")
	assert.Equal(t, []vetFinding{{"waitgroup", "main.go:47:15", "WaitGroup.Add called from inside new goroutine"}}, found)
	said := vetSaid(found, map[string]string{"checkHint": "count the clients."})
	assert.Contains(t, said, "go vet found a mistake that compiles but is a bug:\n  main.go:47:15: WaitGroup.Add called from inside new goroutine\n")
	assert.Contains(t, said, "call wg.Add(1) before the go statement")
	assert.True(t, strings.HasSuffix(said, "\nHint: count the clients."), "no vetHint: the checker's general hint")
}

func TestReadHintsEvaluatesJoinedLiterals(t *testing.T) {
	file := filepath.Join(t.TempDir(), "check_test.go")
	os.WriteFile(file, []byte("package main\n\nconst checkHint = \"one, \" +\n\t\"two\"\n\nconst (\n\traceHint = `three`\n\tother = 4\n)\n"), 0o644)
	assert.Equal(t, map[string]string{"checkHint": "one, two", "raceHint": "three"}, readHints(file))
}
