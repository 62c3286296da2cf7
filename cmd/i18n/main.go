// Command i18n refreshes the Chinese edition's catalogues from the English
// pages (make i18n) and prints how much of each page is translated.
//
// Each page docs/NAME.md has a catalogue docs/zh-CN/NAME.po. A message new
// in the English comes in empty; one whose English changed keeps its old
// translation, marked fuzzy, with the old English beside it (#| msgid),
// until a translator updates it and removes the flag; a message gone from
// the page is dropped. The pages listed in docs/zh-CN/translated.txt are
// built in Chinese, and the tests require all their messages translated.
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
	fmt.Printf("%-28s %8d %10d %6d %8d\n", "all", sum.Total(), sum.Translated, sum.Stale, sum.Missing)
	return nil
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
