package fenced

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"tcpgo/internal/linediff"
)

// IsDiff reports whether a block shows its file as a diff against another.
func IsDiff(attrs map[string]string) bool { return attrs["diff"] != "" }

// DiffSources returns the two versions a diff block compares: the region
// of its diff= file, and the same region of its file= file. A region of
// another name in the older file is named after a #, as in
// diff=steps/2-closewrite/main.go#loop, for code that a step had in one
// place and the finished program in another.
func DiffSources(root string, attrs map[string]string) (oldText, newText string, err error) {
	if attrs["fill"] != "" {
		return "", "", fmt.Errorf("a diff block cannot be filled by the site: drop fill=")
	}
	oldFile, oldRegion, named := strings.Cut(attrs["diff"], "#")
	if !named {
		oldRegion = attrs["region"]
	}
	old, err := os.ReadFile(filepath.Join(root, oldFile))
	if err != nil {
		return "", "", err
	}
	oldText, err = Region(string(old), oldRegion)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", oldFile, err)
	}
	newText, err = FileText(root, attrs)
	return oldText, newText, err
}

// DiffText is what a diff block holds: the unified diff from its diff=
// file to its file= file, which reads as a diff on GitHub too.
func DiffText(root string, attrs map[string]string) (string, error) {
	oldText, newText, err := DiffSources(root, attrs)
	if err != nil {
		return "", err
	}
	return linediff.Unified(attrs["diff"], attrs["file"], oldText, newText)
}
