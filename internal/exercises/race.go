package exercises

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// A race report of the race detector reads:
//
//	WARNING: DATA RACE
//	Write at 0x00c000012345 by goroutine 12:
//	  tcpgo/lessons/03-server/exercises/1-shout.serve()
//	      /…/lessons/03-server/exercises/1-shout/main.go:41 +0x84
//	  …
//
//	Previous read at 0x00c000012345 by goroutine 11:
//	  …
//
// access matches the first line of each access, frame a function and the
// line that names its file.
var (
	access   = regexp.MustCompile(`^(Previous )?(?i:(atomic )?(read|write)) at \S+ by (.+):$`)
	function = regexp.MustCompile(`^  (\S+)\(\)$`)
	fileLine = regexp.MustCompile(`^\s+(\S+\.go):(\d+)`)
)

// An access is one side of a race: what was done, in which function and
// at which line of the learner's code.
type raceAccess struct {
	write    bool
	previous bool
	function string // "serve", "run.func1"
	where    string // "main.go:41"
}

// raceSaid explains the first race the detector reported, with the lines
// of the learner's code on each side, and the exercise's hint for it.
func raceSaid(out []byte, dir string, hints map[string]string) string {
	sides := firstRace(out, dir)
	var b strings.Builder
	b.WriteString("the race detector caught two goroutines using the same memory at once, one of them writing, with nothing to order the two:\n")
	// Each line a whole sentence, for make check to say in the
	// learner's language.
	for i, a := range sides {
		switch {
		case a.previous && a.write:
			fmt.Fprintf(&b, "  in another goroutine, %s had just written it (%s)\n", a.function, a.where)
		case a.previous:
			fmt.Fprintf(&b, "  in another goroutine, %s had just read it (%s)\n", a.function, a.where)
		case i == 0 && a.write:
			fmt.Fprintf(&b, "  in one goroutine, %s wrote it (%s)\n", a.function, a.where)
		case i == 0:
			fmt.Fprintf(&b, "  in one goroutine, %s read it (%s)\n", a.function, a.where)
		}
	}
	b.WriteString("A race does not show on every run, and it is a bug on every run: the two goroutines can see each other's work half done.\n")
	b.WriteString(hint(hints, "raceHint"))
	return b.String()
}

// firstRace reads the two accesses of the first report, each placed at
// the innermost line of the exercise's own code (not the checker's).
func firstRace(out []byte, dir string) []raceAccess {
	var sides []raceAccess
	in, placed := false, false
	var pending string // the function of the last frame read
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); {
		line := sc.Text()
		if line == "WARNING: DATA RACE" {
			in = true
			continue
		}
		if !in {
			continue
		}
		if line == "==================" || strings.HasPrefix(line, "Goroutine ") {
			break // the accesses are told; where the goroutines began is not needed
		}
		if m := access.FindStringSubmatch(line); m != nil {
			sides = append(sides, raceAccess{write: strings.EqualFold(m[3], "write"), previous: m[1] != "", function: "?", where: "?"})
			placed = false
			continue
		}
		if m := function.FindStringSubmatch(line); m != nil {
			pending = m[1]
			continue
		}
		if m := fileLine.FindStringSubmatch(line); m != nil && len(sides) > 0 && !placed {
			file := relative(dir, m[1])
			if file != m[1] && !strings.HasSuffix(file, "_test.go") {
				side := &sides[len(sides)-1]
				side.function, side.where, placed = shortName(pending), file+":"+m[2], true
			}
		}
	}
	return sides
}

// shortName turns a frame's function into the name a learner wrote:
// "tcpgo/lessons/03-server/exercises/1-shout.serve" is "serve",
// "….run.func1" is "a function literal in run", "….(*counted).Write" is
// "(*counted).Write".
func shortName(frame string) string {
	name := frame[strings.LastIndex(frame, "/")+1:]
	if _, rest, ok := strings.Cut(name, "."); ok {
		name = rest
	}
	if outer, _, ok := strings.Cut(name, ".func"); ok {
		return "a function literal in " + outer
	}
	return name
}
