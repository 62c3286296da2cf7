// Package highlight colours code for the site, as HTML: a program in its
// language, or a shell session whose commands are coloured as shell and
// whose output is left as it is. It also writes the stylesheet rules that
// give the colours.
package highlight

import (
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// Code is coloured by chroma's lexers, with GitHub's two styles: one CSS
// rule per kind of token, whose colour is light-dark(light, dark), so that
// the page's colour scheme picks the style. Tokens that both styles show
// like plain text get no element of their own, which keeps pages small, and
// each line is an element of its own, so that a long line can wrap under
// itself instead of making the block scroll.

var (
	lightStyle = styles.Get("github")
	darkStyle  = styles.Get("github-dark")
)

// The text colours of the page (the --fg of style.css), which the styles
// leave unset for plain text.
var (
	lightText = chroma.MustParseColour("#1f2328")
	darkText  = chroma.MustParseColour("#e6edf3")
)

// isPlain reports whether both styles show tokens of type t like plain text:
// in the page's text colour, neither bold, italic nor underlined.
// Whitespace always is.
func isPlain(t chroma.TokenType) bool {
	if t == chroma.TextWhitespace {
		return true
	}
	same := func(s *chroma.Style, text chroma.Colour) bool {
		e := s.Get(t)
		c := e.Colour
		if !c.IsSet() {
			c = text
		}
		return c == text && e.Bold != chroma.Yes && e.Italic != chroma.Yes && e.Underline != chroma.Yes
	}
	return same(lightStyle, lightText) && same(darkStyle, darkText)
}

// tokenClass is the CSS class of a token type: its own, or that of the nearest
// kind of token that has one.
func tokenClass(t chroma.TokenType) string {
	for _, c := range []chroma.TokenType{t, t.SubCategory(), t.Category()} {
		if name, ok := chroma.StandardTypes[c]; ok {
			return name
		}
	}
	return ""
}

// Lines writes code as HTML lines, coloured for lang.
func Lines(w io.Writer, lang, code string) error {
	tokens, err := tokenise(lang, code)
	if err != nil {
		return err
	}
	for _, line := range chroma.SplitTokensIntoLines(tokens) {
		var text strings.Builder
		for _, tok := range line {
			text.WriteString(tok.Value)
		}
		io.WriteString(w, LineStart(text.String()))
		writeTokens(w, line)
		io.WriteString(w, "</span>")
	}
	return nil
}

// LineStart opens the element of one line. A line too long for its block
// wraps, and goes on under itself, further in than it starts: the style
// says how far in it starts, in tabs (--t) and spaces (--s).
func LineStart(line string) string {
	tabs, spaces := 0, 0
	for _, c := range line {
		if c == '\t' && spaces == 0 {
			tabs++
		} else if c == ' ' {
			spaces++
		} else {
			break
		}
	}
	var style []string
	if tabs > 0 {
		style = append(style, fmt.Sprintf("--t:%d", tabs))
	}
	if spaces > 0 {
		style = append(style, fmt.Sprintf("--s:%d", spaces))
	}
	if style == nil {
		return `<span class="line">`
	}
	return `<span class="line" style="` + strings.Join(style, ";") + `">`
}

// Inline writes code coloured for lang, as it is, without lines.
func Inline(w io.Writer, lang, code string) error {
	tokens, err := tokenise(lang, code)
	if err != nil {
		return err
	}
	writeTokens(w, tokens)
	return nil
}

// tokenise cuts code into tokens. Plain tokens become text, and
// neighbours of one kind become one.
func tokenise(lang, code string) ([]chroma.Token, error) {
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	iter, err := lexer.Tokenise(nil, code)
	if err != nil {
		return nil, err
	}
	var tokens []chroma.Token
	for _, tok := range iter.Tokens() {
		if isPlain(tok.Type) || tokenClass(tok.Type) == "" {
			tok.Type = chroma.Text
		}
		if n := len(tokens); n > 0 && tokens[n-1].Type == tok.Type {
			tokens[n-1].Value += tok.Value
			continue
		}
		tokens = append(tokens, tok)
	}
	return tokens, nil
}

// writeTokens writes tokens as HTML: plain text as it is, the others in
// an element of their class.
func writeTokens(w io.Writer, tokens []chroma.Token) {
	for _, tok := range tokens {
		text := html.EscapeString(tok.Value)
		if tok.Type == chroma.Text {
			io.WriteString(w, text)
		} else {
			fmt.Fprintf(w, `<span class="%s">%s</span>`, tokenClass(tok.Type), text)
		}
	}
}

// CSS is the stylesheet of coloured code: one rule per class that is not
// plain.
func CSS() string {
	var rules []string
	for t, name := range chroma.StandardTypes {
		if name == "" || isPlain(t) || tokenClass(t) != name {
			continue
		}
		light, dark := lightStyle.Get(t), darkStyle.Get(t)
		var decl []string
		if light.Colour.IsSet() || dark.Colour.IsSet() {
			decl = append(decl, fmt.Sprintf("color: light-dark(%s, %s)", colour(light.Colour), colour(dark.Colour)))
		}
		if light.Background.IsSet() && light.Background != lightStyle.Get(chroma.Background).Background {
			decl = append(decl, fmt.Sprintf("background-color: light-dark(%s, %s)", colour(light.Background), colour(dark.Background)))
		}
		if light.Bold == chroma.Yes {
			decl = append(decl, "font-weight: bold")
		}
		if light.Italic == chroma.Yes {
			decl = append(decl, "font-style: italic")
		}
		if light.Underline == chroma.Yes {
			decl = append(decl, "text-decoration: underline")
		}
		if len(decl) > 0 {
			rules = append(rules, fmt.Sprintf(".chroma .%s { %s }", name, strings.Join(decl, "; ")))
		}
	}
	slices.Sort(rules) // the same stylesheet every time
	return strings.Join(rules, "\n") + "\n"
}

// colour is a style's colour, or the page's own text colour when the
// style leaves it unset.
func colour(c chroma.Colour) string {
	if !c.IsSet() {
		return "var(--fg)"
	}
	return c.String()
}

// Session writes a shell session as HTML lines: "$ " lines are commands,
// coloured as shell, and the rest is their output, left as it is. The
// prompt is an element of its own, so that the stylesheet can keep it
// from being selected with the command.
func Session(w io.Writer, session string) error {
	for _, line := range strings.SplitAfter(session, "\n") {
		if line == "" {
			continue
		}
		cmd, isCmd := strings.CutPrefix(line, "$ ")
		if !isCmd {
			start := strings.Replace(LineStart(line), `class="line"`, `class="line output"`, 1)
			fmt.Fprintf(w, `%s%s</span>`, start, html.EscapeString(line))
			continue
		}
		io.WriteString(w, `<span class="line command"><span class="prompt">$ </span>`)
		if err := Inline(w, "bash", cmd); err != nil {
			return err
		}
		io.WriteString(w, "</span>")
	}
	return nil
}
