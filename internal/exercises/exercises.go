// Package exercises finds the lessons' exercises and checks one the way
// make check does: go vet first, then the exercise's checker under the race
// detector, and it says what went wrong in the checker's words. The race
// detector's and vet's reports are turned into a few lines a learner can
// act on, with the hint the exercise's checker gives for that mistake.
//
// An exercise is a folder, lessons/<lesson>/exercises/<n>-<name>, holding
// the program the learner changes (main.go), its checker (check_test.go,
// built only with -tags check), a solution (solution/main.go), and wrong
// programs a learner might write (wrong/<what>/main.go), which the test
// suite proves the checker rejects.
package exercises

import (
	"os"
	"path/filepath"
	"strings"
)

// An Exercise is one folder of lessons/*/exercises.
type Exercise struct {
	ID    string // "02/1"
	Dir   string // lessons/02-client/exercises/1-send
	Title string // from the first sentence of its main.go's comment
}

// Find lists the exercises under root, in the order of the lessons.
func Find(root string) ([]Exercise, error) {
	checkers, err := filepath.Glob(filepath.Join(root, "lessons", "*", "exercises", "*", "check_test.go"))
	if err != nil {
		return nil, err
	}
	var all []Exercise
	for _, f := range checkers {
		dir := filepath.Dir(f)
		lesson, _, _ := strings.Cut(filepath.Base(filepath.Dir(filepath.Dir(dir))), "-")
		n, _, _ := strings.Cut(filepath.Base(dir), "-")
		all = append(all, Exercise{ID: lesson + "/" + n, Dir: dir, Title: title(dir)})
	}
	return all, nil
}

// Lookup finds an exercise by its ID, with or without the lesson's 0.
func Lookup(all []Exercise, id string) (Exercise, bool) {
	id = strings.TrimPrefix(id, "0")
	for _, ex := range all {
		if strings.TrimPrefix(ex.ID, "0") == id {
			return ex, true
		}
	}
	return Exercise{}, false
}

// title is what the first sentence of the exercise's doc comment says it
// is: "// Exercise 1 of lesson 2: send a request, ..." gives "send a
// request, ...". The solution's says the same, for a main.go whose
// comment has gone.
func title(dir string) string {
	for _, f := range []string{"main.go", filepath.Join("solution", "main.go")} {
		if t := firstSentence(filepath.Join(dir, f)); t != "" {
			return t
		}
	}
	return filepath.Base(dir)
}

func firstSentence(path string) string {
	text, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	// The first sentence of the comment, over as many lines as it takes.
	var sentence []string
	for line := range strings.Lines(string(text)) {
		words, ok := strings.CutPrefix(strings.TrimSpace(line), "// ")
		if !ok {
			break
		}
		sentence = append(sentence, words)
		if strings.HasSuffix(words, ".") || strings.Contains(words, ". ") {
			break
		}
	}
	first, _, _ := strings.Cut(strings.Join(sentence, " "), ". ")
	if _, rest, ok := strings.Cut(strings.TrimSuffix(first, "."), ": "); ok {
		return rest
	}
	return ""
}
