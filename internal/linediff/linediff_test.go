package linediff

import (
	"errors"
	"testing"
)

const (
	before = "package main\n\nfunc main() {\n\tserve()\n}\n"
	after  = "package main\n\nfunc main() {\n\tif err := serve(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n}\n"
)

func TestUnifiedMarksTheChangedLines(t *testing.T) {
	got, err := Unified("old.go", "new.go", before, after)
	if err != nil {
		t.Fatal(err)
	}
	want := "--- old.go\n+++ new.go\n@@ -1,5 +1,7 @@\n package main\n \n func main() {\n-\tserve()\n+\tif err := serve(); err != nil {\n+\t\tlog.Fatal(err)\n+\t}\n }\n"
	if got != want {
		t.Errorf("Unified:\n%s\nwant:\n%s", got, want)
	}
}

func TestHunksPointAtTheLinesOfEachVersion(t *testing.T) {
	hunks, err := Hunks(before, after)
	if err != nil {
		t.Fatal(err)
	}
	want := Hunk{{Same, 0}, {Same, 1}, {Same, 2}, {Removed, 3}, {Added, 3}, {Added, 4}, {Added, 5}, {Same, 6}}
	if len(hunks) != 1 || len(hunks[0]) != len(want) {
		t.Fatalf("Hunks = %v, want one hunk: %v", hunks, want)
	}
	for i, l := range hunks[0] {
		if l != want[i] {
			t.Errorf("line %d = %c%d, want %c%d", i, l.Op, l.Index, want[i].Op, want[i].Index)
		}
	}
}

func TestFarApartChangesMakeTwoHunks(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
	changed := "A\nb\nc\nd\ne\nf\ng\nh\ni\nJ\n"
	hunks, err := Hunks(old, changed)
	if err != nil {
		t.Fatal(err)
	}
	if len(hunks) != 2 {
		t.Errorf("changes 8 lines apart made %d hunks, want 2: %v", len(hunks), hunks)
	}
}

func TestTheSameTextHasNoDiff(t *testing.T) {
	if _, err := Unified("a", "b", before, before); !errors.Is(err, ErrSame) {
		t.Errorf("Unified of equal texts: err = %v, want ErrSame", err)
	}
	if _, err := Hunks(before, before); !errors.Is(err, ErrSame) {
		t.Errorf("Hunks of equal texts: err = %v, want ErrSame", err)
	}
}
