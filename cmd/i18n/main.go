// Command i18n refreshes the Chinese edition's catalogues from the English
// pages (make i18n) and prints how much of each page is translated.
//
// Each page docs/NAME.md has a catalogue docs/zh-CN/NAME.po. A message new
// in the English comes in empty; one whose English changed keeps its old
// translation, marked fuzzy, with the old English beside it (#| msgid),
// until a translator updates it and removes the flag; a message gone from
// the page is dropped. The pages listed in docs/zh-CN/translated.txt are
// built in Chinese, and the tests require all their messages translated.
// The README's catalogue is docs/zh-CN/README.po, and README.zh-CN.md is
// written anew from it and README.md.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"tcpgo/internal/fenced"
	"tcpgo/internal/i18n"
)

func main() {
	flags := flag.NewFlagSet("i18n", flag.ExitOnError)
	root := flags.String("root", ".", "the repository `directory`")
	flags.Parse(os.Args[1:])
	if flags.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "i18n: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		os.Exit(2)
	}
	if err := refresh(*root); err != nil {
		fmt.Fprintln(os.Stderr, "i18n:", err)
		os.Exit(1)
	}
}

// refresh rewrites every catalogue and prints a line of coverage per page.
func refresh(root string) error {
	pages, err := fenced.Pages(root, "docs")
	if err != nil {
		return err
	}
	translated, err := i18n.TranslatedPages(root)
	if err != nil {
		return err
	}
	fmt.Printf("%-28s %8s %10s %6s %8s\n", "page", "messages", "translated", "stale", "missing")
	var sum i18n.Coverage
	for _, src := range pages {
		cov, err := refreshPage(root, src)
		if err != nil {
			return err
		}
		sum.Translated, sum.Stale, sum.Missing = sum.Translated+cov.Translated, sum.Stale+cov.Stale, sum.Missing+cov.Missing
		mark := ""
		if translated[i18n.PageName(src)] {
			mark = "  built in Chinese"
		}
		fmt.Printf("%-28s %8d %10d %6d %8d%s\n", src, cov.Total(), cov.Translated, cov.Stale, cov.Missing, mark)
	}
	cov, err := refreshReadme(root)
	if err != nil {
		return err
	}
	sum.Translated, sum.Stale, sum.Missing = sum.Translated+cov.Translated, sum.Stale+cov.Stale, sum.Missing+cov.Missing
	fmt.Printf("%-28s %8d %10d %6d %8d  %s\n", i18n.ReadmeSource, cov.Total(), cov.Translated, cov.Stale, cov.Missing, i18n.ReadmeChinese)
	fmt.Printf("%-28s %8d %10d %6d %8d\n", "all", sum.Total(), sum.Translated, sum.Stale, sum.Missing)
	return nil
}

// refreshReadme rewrites the README's catalogue from the English, and
// README.zh-CN.md from both.
func refreshReadme(root string) (i18n.Coverage, error) {
	readme, err := os.ReadFile(filepath.Join(root, i18n.ReadmeSource))
	if err != nil {
		return i18n.Coverage{}, err
	}
	prose, err := i18n.ReadmeProse(readme)
	if err != nil {
		return i18n.Coverage{}, err
	}
	path := filepath.Join(root, filepath.FromSlash(i18n.ReadmeCatalogue))
	old, err := i18n.LoadCatalogue(path)
	if err != nil {
		return i18n.Coverage{}, err
	}
	c, cov := i18n.Refresh(old, i18n.ReadmeSource, prose, i18n.Language)
	if err := c.Save(path); err != nil {
		return cov, err
	}
	chinese, _, err := i18n.ChineseReadme(readme, c)
	if err != nil {
		return cov, err
	}
	return cov, os.WriteFile(filepath.Join(root, i18n.ReadmeChinese), chinese, 0o644)
}

// refreshPage rewrites one page's catalogue from its English.
func refreshPage(root, src string) (i18n.Coverage, error) {
	page, err := os.ReadFile(filepath.Join(root, src))
	if err != nil {
		return i18n.Coverage{}, err
	}
	path := filepath.Join(root, i18n.CataloguePath(src))
	old, err := i18n.LoadCatalogue(path)
	if err != nil {
		return i18n.Coverage{}, err
	}
	c, cov := i18n.Refresh(old, src, page, i18n.Language)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return cov, err
	}
	return cov, c.Save(path)
}
