package tcpgo

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/require"
)

// nodeTable holds what a Node prints where Node versions differ. Each
// section is named after a demo, demos/<name>/<name>.js, which prints one
// line that starts "Node <major>:"; the section holds that line for each
// major version, one row of a table that the pages show.
const nodeTable = "testdata/node-versions.txtar"

// nodeCache is where make node-versions puts the Nodes it fetches from
// npm, one folder per version, each with its bin/node. The Makefile says
// where (TCPGO_NODE_CACHE); go test run by hand looks in the same place
// on Linux, the user's cache folder.
func nodeCache() string {
	if dir := os.Getenv("TCPGO_NODE_CACHE"); dir != "" {
		return dir
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "tcpgo-node")
}

// A node is one Node binary and the version it reports.
type node struct {
	path, version, major string
}

// findNodes returns every Node it can run, once per version: the one on
// PATH and the ones make node-versions has fetched.
func findNodes(ctx context.Context) ([]node, error) {
	var paths []string
	if path, err := exec.LookPath("node"); err == nil {
		paths = append(paths, path)
	}
	if cache := nodeCache(); cache != "" {
		fetched, err := filepath.Glob(filepath.Join(cache, "*", "bin", "node"))
		if err != nil {
			return nil, err
		}
		paths = append(paths, fetched...)
	}
	var nodes []node
	for _, path := range paths {
		out, err := exec.CommandContext(ctx, path, "--version").Output()
		if err != nil {
			return nil, fmt.Errorf("%s --version: %v", path, err)
		}
		version := strings.TrimPrefix(strings.TrimSpace(string(out)), "v")
		if slices.ContainsFunc(nodes, func(n node) bool { return n.version == version }) {
			continue
		}
		major, _, _ := strings.Cut(version, ".")
		nodes = append(nodes, node{path: path, version: version, major: major})
	}
	return nodes, nil
}

// Each row of the table of Node versions is what that version prints.
// Every Node found is run; a row whose Node is not here stays as
// recorded, except under CI=true, where every row must be checked (.ci/run
// fetches them all). With -update, the rows of the Nodes found are
// rewritten from what they print.
func TestNodeVersions(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	ci := strings.EqualFold(os.Getenv("CI"), "true")
	nodes, err := findNodes(ctx)
	require.NoError(t, err)
	if len(nodes) == 0 {
		if ci {
			t.Fatal("no node on PATH nor in " + nodeCache() + ", and CI=true requires the Node versions to be checked (make node-versions)")
		}
		t.Skip("no node on PATH nor in " + nodeCache())
	}
	archive, err := txtar.ParseFile(nodeTable)
	require.NoError(t, err)
	require.NotEmpty(t, archive.Files, nodeTable)
	for i := range archive.Files {
		section := &archive.Files[i]
		rows, err := parseRows(section.Data)
		require.NoError(t, err, "%s#%s", nodeTable, section.Name)
		checked := map[string]bool{}
		for _, n := range nodes {
			demo := filepath.Join("demos", section.Name, section.Name+".js")
			out, err := exec.CommandContext(ctx, n.path, demo).CombinedOutput()
			require.NoError(t, err, "Node %s, %s:\n%s", n.version, demo, out)
			line := strings.TrimSuffix(string(out), "\n")
			if !strings.HasPrefix(line, "Node "+n.major+": ") || strings.Contains(line, "\n") {
				t.Errorf("Node %s, %s: want one line that starts %q, got %q", n.version, demo, "Node "+n.major+": ", line)
				continue
			}
			checked[n.major] = true
			if *update {
				rows[n.major] = line
			} else if row, ok := rows[n.major]; !ok {
				t.Errorf("Node %s, %s prints %q; %s#%s has no row for Node %s (go test -run TestNodeVersions -update . adds it)",
					n.version, demo, line, nodeTable, section.Name, n.major)
			} else if row != line {
				t.Errorf("Node %s, %s prints %q; its row in %s#%s is %q (go test -run TestNodeVersions -update . rewrites it)",
					n.version, demo, line, nodeTable, section.Name, row)
			}
		}
		for _, major := range slices.Sorted(maps.Keys(rows)) {
			switch {
			case checked[major]:
			case ci:
				t.Errorf("%s#%s: no Node %s to check its row, and CI=true requires every row to be checked (make node-versions)", nodeTable, section.Name, major)
			default:
				t.Logf("%s#%s: no Node %s here: its row is as recorded", nodeTable, section.Name, major)
			}
		}
		if *update {
			section.Data = formatRows(rows)
		}
	}
	if *update {
		require.NoError(t, os.WriteFile(nodeTable, txtar.Format(archive), 0o644))
	}
}

// parseRows reads the rows of a section, keyed by major version.
func parseRows(data []byte) (map[string]string, error) {
	rows := map[string]string{}
	if len(data) == 0 {
		return rows, nil // a new section, which -update fills
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		major, _, ok := strings.Cut(strings.TrimPrefix(line, "Node "), ":")
		if _, err := strconv.Atoi(major); !ok || err != nil || !strings.HasPrefix(line, "Node ") {
			return nil, fmt.Errorf("row %q: want Node <major>: and what it prints", line)
		}
		rows[major] = line
	}
	return rows, nil
}

// formatRows writes the rows in the order of their versions.
func formatRows(rows map[string]string) []byte {
	var majors []int
	for major := range rows {
		n, _ := strconv.Atoi(major)
		majors = append(majors, n)
	}
	slices.Sort(majors)
	var out strings.Builder
	for _, n := range majors {
		out.WriteString(rows[strconv.Itoa(n)] + "\n")
	}
	return []byte(out.String())
}
