package fenced

import (
	"fmt"
	"os"
	"path/filepath"

	"tcpgo/internal/linediff"
)

// IsDiff reports whether a block shows its file as a diff against another.
func IsDiff(attrs map[string]string) bool { return attrs["diff"] != "" }

// DiffSources returns the two versions a diff block compares: the region
// of its diff= file, and the same region of its file= file.
func DiffSources(root string, attrs map[string]string) (oldText, newText string, err error) {
	if attrs["fill"] != "" {
		return "", "", fmt.Errorf("a diff block cannot be filled by the site: drop fill=")
	}
	old, err := os.ReadFile(filepath.Join(root, attrs["diff"]))
	if err != nil {
		return "", "", err
	}
	oldText, err = Region(string(old), attrs["region"])
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", attrs["diff"], err)
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
