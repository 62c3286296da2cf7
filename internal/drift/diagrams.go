package drift

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"

	"tcpgo/internal/seqdiagram"
)

// A script with a golden section named "exchange" (see the proxy command
// of the script suite) becomes docs/diagrams/<script>.svg: a sequence
// diagram of what crossed the wire, drawn from the tested exchange.

// scriptDir holds the scripts, relative to the root.
const scriptDir = "testdata/script"

// exchange is what a diagram is drawn from: a script's exchange section.
type exchange struct {
	script string   // the script, relative to the root
	events []string // one a line
}

// diagramSources maps each diagram's path, relative to root, to the
// exchange it is drawn from.
func diagramSources(root, dir string) (map[string]exchange, error) {
	scripts, err := filepath.Glob(filepath.Join(root, scriptDir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	sources := map[string]exchange{}
	for _, script := range scripts {
		archive, err := txtar.ParseFile(script)
		if err != nil {
			return nil, err
		}
		for _, f := range archive.Files {
			if f.Name == "exchange" {
				name := filepath.Base(script)
				diagram := filepath.ToSlash(filepath.Join(dir, "diagrams", strings.TrimSuffix(name, ".txtar")+".svg"))
				lines := strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n")
				sources[diagram] = exchange{script: scriptDir + "/" + name, events: lines}
			}
		}
	}
	return sources, nil
}

// checkDiagrams compares each diagram with the one its exchange draws,
// and reports a diagram that no script draws.
func checkDiagrams(root, dir string) ([]Drift, error) {
	sources, err := diagramSources(root, dir)
	if err != nil {
		return nil, err
	}
	var drifts []Drift
	for _, path := range sortedKeys(sources) {
		ex := sources[path]
		want, err := seqdiagram.Draw(ex.events)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		have, err := os.ReadFile(filepath.Join(root, path))
		if err != nil || !bytes.Equal(have, want) {
			what := fmt.Sprintf("diagram (drawn from %s#exchange)", ex.script)
			drifts = append(drifts, Drift{File: path, Line: 1, What: what, Have: string(have), Want: string(want), Err: err})
		}
	}
	// A diagram whose script is gone would show an exchange nobody tests.
	existing, err := filepath.Glob(filepath.Join(root, dir, "diagrams", "*.svg"))
	if err != nil {
		return nil, err
	}
	for _, e := range existing {
		path := filepath.ToSlash(filepath.Join(dir, "diagrams", filepath.Base(e)))
		if _, ok := sources[path]; !ok {
			drifts = append(drifts, Drift{File: path, Line: 1, What: "diagram", Err: fmt.Errorf("no script in %s has an exchange for it", scriptDir)})
		}
	}
	return drifts, nil
}

// refreshDiagrams draws each diagram from its exchange, and returns the
// ones that changed.
func refreshDiagrams(root, dir string) ([]string, error) {
	sources, err := diagramSources(root, dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(root, dir, "diagrams"), 0o755); err != nil {
		return nil, err
	}
	var changed []string
	for _, path := range slices.Sorted(maps.Keys(sources)) {
		ex := sources[path]
		want, err := seqdiagram.Draw(ex.events)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		have, err := os.ReadFile(filepath.Join(root, path))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if !bytes.Equal(have, want) {
			if err := os.WriteFile(filepath.Join(root, path), want, 0o644); err != nil {
				return nil, err
			}
			changed = append(changed, path)
		}
	}
	return changed, nil
}

// sortedKeys returns a map's keys in order, so that drifts and refreshed
// files are named in the same order each time.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
