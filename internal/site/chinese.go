package site

import (
	"fmt"
	"html"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"tcpgo/internal/i18n"
)

// The Chinese edition: each page that docs/zh-CN/translated.txt lists is
// built a second time, from the same Markdown with each message replaced
// by its translation (package i18n), as NAME.zh.html beside NAME.html. In
// the same folder, the pages share every link to a diagram, a whole file
// or the stylesheet, and the language switch is the same URL with .zh
// added or taken away.
const (
	chinese          = "zh-CN"
	chineseSuffix    = ".zh.html"
	chineseIndexFile = "search-index.zh.js"
)

// An edition is what a translated page needs to know as it is rendered:
// which pages are translated, for its links to go to them, and the ids of
// the English page's headings, which its own take, so that a link to a
// section, and the language switch, land on the same section in both.
type edition struct {
	translated map[string]bool
	headingIDs []string
}

// pageURL is the URL of a page of docs/, by name, in the edition's
// language when it is translated: the English page when it is not.
func (ed *edition) pageURL(name string) string {
	if ed != nil && ed.translated[name] {
		return name + chineseSuffix
	}
	return name + ".html"
}

// Transform gives the page's headings the ids of the English page's, in
// order: the translated page has the same headings, in other words.
func (ed *edition) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	i := 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && i < len(ed.headingIDs) {
			h.SetAttributeString("id", []byte(ed.headingIDs[i]))
			i++
		}
		return ast.WalkContinue, nil
	})
}

// renderChinese renders the Chinese page of each English page that has
// one, and sets each English page's Other to its Chinese and back.
func renderChinese(root string, bench *benchResults, pages []*Page) error {
	translated, err := i18n.TranslatedPages(root)
	if err != nil {
		return err
	}
	for _, en := range pages {
		if !translated[i18n.PageName(en.Source)] {
			continue
		}
		zh, err := renderTranslation(root, en, bench, translated)
		if err != nil {
			return fmt.Errorf("%s in Chinese: %w", en.Source, err)
		}
		en.Other, zh.Other = zh, en
	}
	return nil
}

// renderTranslation renders the Chinese page of an English page.
func renderTranslation(root string, en *Page, bench *benchResults, translated map[string]bool) (*Page, error) {
	raw, err := os.ReadFile(filepath.Join(root, en.Source))
	if err != nil {
		return nil, err
	}
	cat, err := i18n.LoadCatalogue(filepath.Join(root, i18n.CataloguePath(en.Source)))
	if err != nil {
		return nil, err
	}
	// A message not translated yet, or stale, stays in English: the tests
	// name it (i18n_test.go), the page still builds.
	page, _ := i18n.Translate(raw, cat.Lookup)
	ed := &edition{translated: translated, headingIDs: allHeadingIDs(en)}
	zh, err := renderMarkdown(root, en.Source, page, bench, ed)
	if err != nil {
		return nil, err
	}
	zh.URL, zh.Lang = ed.pageURL(i18n.PageName(en.Source)), chinese
	zh.Body = template.HTML(chineseChrome.Replace(string(zh.Body)))
	return zh, nil
}

// A heading's opening tag, as headingRenderer writes it.
var headingTag = regexp.MustCompile(`<h[1-6] id="([^"]*)">`)

// allHeadingIDs are the ids of every heading of a page, in order, read
// from its HTML.
func allHeadingIDs(p *Page) []string {
	var ids []string
	for _, m := range headingTag.FindAllStringSubmatch(string(p.Body), -1) {
		ids = append(ids, html.UnescapeString(m[1]))
	}
	return ids
}

// chineseSidebar is the list of pages a Chinese page links to: each page
// in Chinese, or in English while it has no translation.
func chineseSidebar(pages []*Page) []*Page {
	var out []*Page
	for _, p := range pages {
		if p.Other != nil {
			out = append(out, p.Other)
		} else {
			out = append(out, p)
		}
	}
	return out
}

// HTMLLang is the page's language, for <html lang>.
func (p *Page) HTMLLang() string {
	if p.Lang == "" {
		return "en"
	}
	return p.Lang
}

// L is the words of the site's own frame around the page, in its language.
func (p *Page) L() labels {
	if p.Lang == chinese {
		return chineseLabels
	}
	return englishLabels
}

// labels are the site's own words, around and between the pages' text.
type labels struct {
	Brand, Skip, Menu, Search, SearchLabel, Colours, Auto, Light, Dark, SystemColours string
	Lessons, OnThisPage, Pager, Previous, Next, Keys                                  string
	Tagline, Footer                                                                   template.HTML // with an apostrophe, or links
	Language                                                                          string        // the language's own name, on the switch that leads to it
}

var englishLabels = labels{
	Brand: "TCP in Go", Tagline: "Node's net module, lesson by lesson, in Go", Skip: "Skip to the content",
	Menu: "Menu", Search: "Search", SearchLabel: "Search the lessons (press / to search)",
	Colours: "Colours", Auto: "Auto", Light: "Light", Dark: "Dark", SystemColours: "Colours of the system",
	Lessons: "Lessons", OnThisPage: "On this page", Pager: "Previous and next page",
	Previous: "← Previous", Next: "Next →", Keys: "Keys: ← and → turn the pages, / searches.",
	Footer:   `Built from the repository's <a href="README.md">README</a> and lessons. Code and text under the <a href="LICENSE.txt">MIT License</a>.`,
	Language: "English",
}

var chineseLabels = labels{
	Brand: "用 Go 写 TCP", Tagline: "Node 的 net 模块，一课一课用 Go 重写", Skip: "跳到正文",
	Menu: "目录", Search: "搜索", SearchLabel: "搜索课程（按 / 开始搜索）",
	Colours: "配色", Auto: "自动", Light: "浅色", Dark: "深色", SystemColours: "跟随系统配色",
	Lessons: "课程", OnThisPage: "本页内容", Pager: "上一页和下一页",
	Previous: "← 上一页", Next: "下一页 →", Keys: "快捷键：← 和 → 翻页，/ 搜索。",
	Footer:   `由仓库的 <a href="README.zh-CN.md">README</a> 和课程生成。代码和文字以 <a href="LICENSE.txt">MIT 许可证</a>发布。`,
	Language: "中文",
}

// chineseChrome translates the words the renderer itself writes into a
// page's body: captions of code and terminals, buttons, labels.
var chineseChrome = strings.NewReplacer(
	`>Copy</button>`, `>复制</button>`,
	`<span>terminal</span>`, `<span>终端</span>`,
	`title="Printed by the program in the test suite, which checks it on every run">✓ tested output</a>`,
	`title="由测试套件中的程序打印，每次运行都会检查">✓ 经过测试的输出</a>`,
	`aria-label="Diagram"`, `aria-label="示意图"`,
	`title="unchanged lines"`, `title="未改动的行"`,
	`">whole file</a>`, `">完整文件</a>`,
	`<span class="against">changed from `, `<span class="against">改自 `,
)
