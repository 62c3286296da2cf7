package fenced

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// FileText is what a file block shows, read under root: the region of its
// file that its attributes name.
func FileText(root string, attrs map[string]string) (string, error) {
	if f := attrs["fill"]; f != "" && f != "site" {
		return "", fmt.Errorf("fill=%s: the only value is fill=site", f)
	}
	src, err := os.ReadFile(filepath.Join(root, attrs["file"]))
	if err != nil {
		return "", err
	}
	return Region(string(src), attrs["region"])
}

var anchorLine = regexp.MustCompile(`^\s*//\s*ANCHOR(_END)?:\s*(\S+)\s*$`)

// Region returns the lines of src between the markers of the named region,
// or all of src when name is empty, without any anchor lines and with the
// indentation they share removed.
func Region(src, name string) (string, error) {
	var kept []string
	inside, found, closed := name == "", false, false
	for _, line := range strings.Split(strings.TrimSuffix(src, "\n"), "\n") {
		if m := anchorLine.FindStringSubmatch(line); m != nil {
			if m[2] == name {
				if m[1] == "" {
					inside, found = true, true
				} else {
					inside, closed = false, true
				}
			}
			continue
		}
		if inside {
			kept = append(kept, line)
		}
	}
	if name != "" && !found {
		return "", fmt.Errorf("no ANCHOR: %s", name)
	}
	if name != "" && !closed {
		return "", fmt.Errorf("ANCHOR: %s has no ANCHOR_END", name)
	}
	for len(kept) > 0 && strings.TrimSpace(kept[0]) == "" {
		kept = kept[1:]
	}
	for len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
		kept = kept[:len(kept)-1]
	}
	return dedent(kept), nil
}

// dedent removes the indentation that every line that is not blank
// starts with, so that a region from inside a function reads from the
// left edge of its block.
func dedent(lines []string) string {
	prefix := ""
	first := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = indent, false
			continue
		}
		for !strings.HasPrefix(indent, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(strings.TrimPrefix(l, prefix) + "\n")
	}
	return out.String()
}
