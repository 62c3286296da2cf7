package i18n

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Where the Chinese edition lives: its catalogues, a .po file per page of
// docs/, its terminology list, and the list of its pages that are
// translated and built (all of them, once the edition is whole).
const (
	Language       = "zh_CN"
	Dir            = "docs/zh-CN"
	TermsFile      = Dir + "/terms.tsv"
	TranslatedFile = Dir + "/translated.txt"
)

// PageName is a page's name: docs/02-client.md is 02-client.
func PageName(source string) string {
	return strings.TrimSuffix(path.Base(filepath.ToSlash(source)), ".md")
}

// CataloguePath is the catalogue of a page: docs/zh-CN/02-client.po.
func CataloguePath(source string) string {
	return filepath.FromSlash(Dir + "/" + PageName(source) + ".po")
}

// TranslatedPages reads the names of the pages built in Chinese, a name a
// line; with no such file, none is.
func TranslatedPages(root string) (map[string]bool, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(TranslatedFile)))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names := map[string]bool{}
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if name := strings.TrimSpace(sc.Text()); name != "" && !strings.HasPrefix(name, "#") {
			names[name] = true
		}
	}
	return names, nil
}
