package tcpgo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// passKept says whether a check of the whole site in the browser has
// passed before on the same inputs: the site as built (every file of it),
// the check's own script, and the browser's version. The check may be
// the whole browser test, or one of its loops over every page, which
// keeps its pass when another part of the test failed. Like go test's
// cache of a package that passed, it spares a run whose answer cannot
// have changed: axe-core on every page takes tens of seconds, most of a
// warm make test. keep records a pass; the check runs again as soon as
// one byte of its inputs changes, and make clean forgets every pass.
func passKept(t *testing.T, browser, check string, script ...string) (kept bool, keep func()) {
	t.Helper()
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", check, browser)
	for _, text := range script {
		fmt.Fprintf(h, "%d\x00%s", len(text), text)
	}
	err := filepath.WalkDir(siteOut(), func(path string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(siteOut(), path)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(data))
		h.Write(data)
		return err
	})
	require.NoError(t, err)
	record := filepath.Join(buildCache, "_passed", check+"-"+hex.EncodeToString(h.Sum(nil)))
	if _, err := os.Stat(record); err == nil {
		t.Logf("%s: passed before on this very site, with this browser and script (%s)", check, record)
		return true, func() {}
	}
	return false, func() {
		if !t.Failed() {
			require.NoError(t, os.MkdirAll(filepath.Dir(record), 0o755))
			require.NoError(t, os.WriteFile(record, nil, 0o644))
		}
	}
}

// browserVersion is the browser's product and revision, asked of the
// browser a session runs.
func browserVersion(t *testing.T, ctx context.Context) string {
	v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	require.NoError(t, err)
	return v.Product + " " + v.Revision
}

// installedBrowser is the version the browser at path says it is,
// without starting it for a page: chromium --version.
func installedBrowser(t *testing.T, path string) string {
	out, err := exec.Command(path, "--version").Output()
	require.NoError(t, err, "%s --version", path)
	return strings.TrimSpace(string(out))
}
