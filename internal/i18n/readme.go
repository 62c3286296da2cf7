package i18n

import (
	"bytes"
	"fmt"
)

// The README has a Chinese edition too, README.zh-CN.md, made by make i18n
// from README.md and its catalogue as a page's is: each message replaced
// by its translation, every code block the same bytes. So the Chinese
// README cannot fall behind: a changed English paragraph has no
// translation until someone writes one, and the tests say so.
const (
	ReadmeSource    = "README.md"
	ReadmeChinese   = "README.zh-CN.md"
	ReadmeCatalogue = Dir + "/README.po"
)

// Under its title, each README links to the other, in the other's
// language. The line is no message: in the catalogue, its place is an
// HTML comment, which holds no prose.
const (
	readmeToChinese = "中文版: [README.zh-CN.md](README.zh-CN.md)"
	readmeToEnglish = "English: [README.md](README.md)"
	readmeSwitch    = "<!-- the link to the README in the other language -->"
)

// ReadmeProse is the English README whose messages the catalogue holds:
// its link to the Chinese README left out, on a line of its own, so that
// every message keeps its line number.
func ReadmeProse(readme []byte) ([]byte, error) {
	line := []byte("\n" + readmeToChinese + "\n")
	if !bytes.Contains(readme, line) {
		return nil, fmt.Errorf("%s has no line %q under its title, the link to %s", ReadmeSource, readmeToChinese, ReadmeChinese)
	}
	return bytes.Replace(readme, line, []byte("\n"+readmeSwitch+"\n"), 1), nil
}

// ChineseReadme is README.zh-CN.md as the English README and its
// catalogue make it. A message without a translation, or a stale one,
// stays in English, and is listed in missing.
func ChineseReadme(readme []byte, c *Catalogue) (out []byte, missing []Message, err error) {
	prose, err := ReadmeProse(readme)
	if err != nil {
		return nil, nil, err
	}
	out, missing = Translate(prose, c.Lookup)
	return bytes.Replace(out, []byte(readmeSwitch), []byte(readmeToEnglish), 1), missing, nil
}
