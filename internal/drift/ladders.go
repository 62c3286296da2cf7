package drift

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"tcpgo/internal/capture"
	"tcpgo/internal/packetdiagram"
)

// Each capture the script suite records, docs/wire/NAME.pcap, is drawn as
// docs/wire/NAME.svg: a packet ladder of its segments. A drawing follows
// its capture as a sequence diagram follows its exchange.

// CaptureDir holds the recorded captures and their drawings, under docs.
const CaptureDir = "wire"

// ladderSources maps each drawing's path, relative to root, to the path
// of the capture it is drawn from.
func ladderSources(root, dir string) (map[string]string, error) {
	pcaps, err := filepath.Glob(filepath.Join(root, dir, CaptureDir, "*.pcap"))
	if err != nil {
		return nil, err
	}
	sources := map[string]string{}
	for _, p := range pcaps {
		name := strings.TrimSuffix(filepath.Base(p), ".pcap")
		svg := filepath.ToSlash(filepath.Join(dir, CaptureDir, name+".svg"))
		sources[svg] = filepath.ToSlash(filepath.Join(dir, CaptureDir, name+".pcap"))
	}
	return sources, nil
}

// DrawCapture draws the capture at path (relative to root) as a ladder.
func DrawCapture(root, path string) ([]byte, error) {
	frames, err := capture.ReadPcap(filepath.Join(root, path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	name := strings.TrimSuffix(filepath.Base(path), ".pcap")
	return packetdiagram.Draw(name, capture.Build(frames, nil)), nil
}

// eachLadder draws each capture of dir, and calls f with the drawing's
// file, what the capture draws, and what the file holds (or why it
// could not be read).
func eachLadder(root, dir string, f func(svg string, want, have []byte, readErr error) error) (map[string]string, error) {
	sources, err := ladderSources(root, dir)
	if err != nil {
		return nil, err
	}
	for _, svg := range sortedKeys(sources) {
		want, err := DrawCapture(root, sources[svg])
		if err != nil {
			return nil, err
		}
		have, readErr := os.ReadFile(filepath.Join(root, svg))
		if err := f(svg, want, have, readErr); err != nil {
			return nil, err
		}
	}
	return sources, nil
}

// checkLadders compares each drawing with the one its capture draws, and
// reports a drawing whose capture is gone.
func checkLadders(root, dir string) ([]Drift, error) {
	var drifts []Drift
	sources, err := eachLadder(root, dir, func(svg string, want, have []byte, readErr error) error {
		if readErr != nil || !bytes.Equal(have, want) {
			what := fmt.Sprintf("packet ladder (drawn from %s)", strings.TrimSuffix(svg, ".svg")+".pcap")
			drifts = append(drifts, Drift{File: svg, Line: 1, What: what, Have: string(have), Want: string(want), Err: readErr})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	existing, err := filepath.Glob(filepath.Join(root, dir, CaptureDir, "*.svg"))
	if err != nil {
		return nil, err
	}
	for _, e := range existing {
		svg := filepath.ToSlash(filepath.Join(dir, CaptureDir, filepath.Base(e)))
		if _, ok := sources[svg]; !ok {
			drifts = append(drifts, Drift{File: svg, Line: 1, What: "packet ladder", Err: errors.New("no capture beside it to draw it from")})
		}
	}
	return drifts, nil
}

// refreshLadders draws each capture, and returns the drawings that
// changed.
func refreshLadders(root, dir string) ([]string, error) {
	var changed []string
	_, err := eachLadder(root, dir, func(svg string, want, have []byte, readErr error) error {
		if readErr != nil && !errors.Is(readErr, fs.ErrNotExist) {
			return readErr
		}
		if bytes.Equal(have, want) {
			return nil
		}
		changed = append(changed, svg)
		return os.WriteFile(filepath.Join(root, svg), want, 0o644)
	})
	return changed, err
}
