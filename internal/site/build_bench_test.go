package site

import (
	"path/filepath"
	"testing"
)

// How long the repository's own site takes to build, every page and
// asset: make site should feel instant (a fraction of a second). A figure
// to watch, not a test: a shared machine's clock says little. make test
// runs it once; go test -run '^$' -bench . ./internal/site times it.
func BenchmarkBuildTheSite(b *testing.B) {
	root := filepath.Join("..", "..")
	for b.Loop() {
		if _, err := Build(root, "docs", b.TempDir()); err != nil {
			b.Fatal(err)
		}
	}
}
