// Package fenced reads the fenced code blocks of the Markdown pages in
// docs/: where each block is, its info string, and the source it names.
//
// A block whose info string names a source is an embedded block: its body
// is a copy of that source. Three kinds exist:
//
//	```go file=lessons/02-client/main.go region=dial
//	```console cmd="go run ./lessons/02-client" output=testdata/script/client_echo.txtar#client.stdout
//	```bench show=table
//
// A file block holds the lines between "ANCHOR: dial" and "ANCHOR_END: dial"
// comments in the file (the whole file without region=); see Region. A
// console block holds "$ " and the command, then the golden section of a
// testscript file. A bench block holds what the benchmark's results say
// (package benchpage). Package drift keeps every copy in line with its
// source; package site renders the pages.
//
// A file block with fill=site stays empty in the Markdown, and the site
// fills it when it renders the page: a solution folded under an exercise
// is not in the way of a reader who reads the page as plain text.
//
//	```go file=lessons/02-client/exercises/1-send/solution/main.go region=send fill=site
//
// A file block with diff= shows how its file grew from another: it holds
// the unified diff from the diff= file to the file= file (of the region,
// when it names one), and the site draws the new version with the
// changed lines marked. The language is diff, which GitHub colours.
//
//	```diff file=lessons/03-server/steps/2-errors/main.go diff=lessons/03-server/steps/1-pipe/main.go
//
// Its diff= may name another region of the older file after a # (diff=
// steps/2-closewrite/main.go#loop), and its title= names the change on the
// site (title="step 3 → finished").
package fenced

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Block is one fenced code block of a page.
type Block struct {
	Page  string            // the page's path, relative to the root
	Line  int               // line of the opening fence, from 1
	Index int               // its number among the page's embedded blocks, from 1
	Info  string            // the info string as written
	Lang  string            // the first word of the info string
	Attrs map[string]string // key=value pairs after the language
	Body  string            // what the page holds between the fences
	Start int               // index of the first body line in the page's lines
	End   int               // index of the closing fence line
}

// Embedded reports whether the block is a copy of a source.
func (b *Block) Embedded() bool {
	return b.Attrs["file"] != "" || b.Attrs["output"] != "" || b.Lang == "bench"
}

// Source names what the block is copied from, for messages.
func (b *Block) Source() string {
	if b.Lang == "bench" {
		return b.Info // its errors name the results file
	}
	if f := b.Attrs["file"]; f != "" {
		if r := b.Attrs["region"]; r != "" {
			f += " region " + r
		}
		if d := b.Attrs["diff"]; d != "" {
			f += " against " + d
		}
		return f
	}
	return b.Attrs["output"]
}

// openingFence is three backticks or more, then the info string. The
// closing fence is at least as many backticks, alone on its line.
var openingFence = regexp.MustCompile("^(`{3,})(.*)$")

// Parse returns the fenced code blocks of a page's text.
func Parse(page string, text []byte) ([]*Block, error) {
	lines := strings.Split(string(text), "\n")
	var blocks []*Block
	embedded := 0
	for i := 0; i < len(lines); i++ {
		m := openingFence.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		b, err := parseBlock(page, lines, i, m[1], strings.TrimSpace(m[2]))
		if err != nil {
			return nil, err
		}
		if b.Embedded() {
			embedded++
			b.Index = embedded
		}
		blocks = append(blocks, b)
		i = b.End
	}
	return blocks, nil
}

// parseBlock reads the block that opens at lines[open] with fence.
func parseBlock(page string, lines []string, open int, fence, info string) (*Block, error) {
	lang, attrs, err := ParseInfo(info)
	if err != nil {
		return nil, fmt.Errorf("%s:%d: %w", page, open+1, err)
	}
	b := &Block{Page: page, Line: open + 1, Info: info, Lang: lang, Attrs: attrs, Start: open + 1, End: -1}
	for j := open + 1; j < len(lines); j++ {
		if strings.HasPrefix(lines[j], fence) && strings.Trim(lines[j], "`") == "" {
			b.End = j
			break
		}
	}
	if b.End < 0 {
		return nil, fmt.Errorf("%s:%d: code block is never closed", page, open+1)
	}
	b.Body = strings.Join(lines[b.Start:b.End], "\n")
	if b.End > b.Start {
		b.Body += "\n"
	}
	return b, nil
}

// ParseInfo splits an info string into its language and key=value
// attributes; a value may be double-quoted to hold spaces.
func ParseInfo(info string) (string, map[string]string, error) {
	attrs := map[string]string{}
	lang, rest, _ := strings.Cut(info, " ")
	rest = strings.TrimSpace(rest)
	for rest != "" {
		key, after, ok := strings.Cut(rest, "=")
		if !ok || key == "" || strings.ContainsAny(key, " \"") {
			return "", nil, fmt.Errorf("bad attribute in %q: want key=value", info)
		}
		var value string
		if strings.HasPrefix(after, `"`) {
			closing := strings.Index(after[1:], `"`)
			if closing < 0 {
				return "", nil, fmt.Errorf("unclosed quote in %q", info)
			}
			value, after = after[1:closing+1], after[closing+2:]
		} else {
			value, after, _ = strings.Cut(after, " ")
		}
		attrs[key] = value
		rest = strings.TrimSpace(after)
	}
	return lang, attrs, nil
}

// Pages lists the Markdown pages of dir, relative to root.
func Pages(root, dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(root, dir, "*.md"))
	if err != nil {
		return nil, err
	}
	var pages []string
	for _, m := range matches {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			return nil, err
		}
		pages = append(pages, filepath.ToSlash(rel))
	}
	slices.Sort(pages)
	return pages, nil
}
