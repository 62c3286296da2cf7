package exercises

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// Every checker speaks Chinese too: each message it can say has a
// translation, and so has each exercise's title.
func TestCheckerMessagesHaveChinese(t *testing.T) {
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	all, err := Find(filepath.Join("..", ".."))
	if err != nil || len(all) < 10 {
		t.Fatalf("%d exercises found (%v), want every lesson's", len(all), err)
	}
	for _, ex := range all {
		checker := filepath.Join(ex.Dir, "check_test.go")
		msgs, err := CheckerMessages(checker)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) < 10 {
			t.Errorf("%s: %d messages found, want its hints and failures", checker, len(msgs))
		}
		for _, m := range append(msgs, ex.Title) {
			if !tr.Has(m) {
				t.Errorf("%s: no Chinese for %q (internal/exercises/zh-CN.po)", checker, m)
			}
		}
	}
}

// What the checks say of their own, around the checker's words, is in
// Chinese too: the states of the board, vet's and the race detector's
// explanations, a check that timed out or crashed.
func TestChecksOwnWordsHaveChinese(t *testing.T) {
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	for _, state := range []string{Done, NotYet, DoesNotBuild} {
		if !tr.Has(state) {
			t.Errorf("no Chinese for the state %q", state)
		}
	}
	var found []vetFinding
	for analyzer, why := range whyVet {
		found = append(found, vetFinding{analyzer, "main.go:1:1", "vet's own words"})
		if !tr.Has(why) {
			t.Errorf("no Chinese for vet's %s: %q", analyzer, why)
		}
	}
	english := []string{
		vetSaid(found, map[string]string{"checkHint": "a hint"}),
		said([]byte("panic: test timed out after 30s\n")),
		said([]byte("=== RUN   TestX\npanic: runtime error: index out of range\n")),
	}
	for _, text := range english {
		for _, line := range strings.Split(tr.Translate(text), "\n") {
			if !strings.ContainsFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) && !strings.Contains(line, "vet's own words") {
				t.Errorf("a line left in English: %q, of\n%s", line, text)
			}
		}
	}
}

// A checker's message, its values and its hint, comes out in Chinese;
// the values it quotes stay as they were.
func TestTranslateFillsTheValuesIn(t *testing.T) {
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	english := "send returned the error \"read tcp: use of closed network connection\". Close ends both directions: you can no longer read.\n" +
		"Hint: CloseWrite ends your side only, and you can still read the answer; Close ends both directions: call it once you have read everything (defer conn.Close())."
	want := "send 返回了错误 \"read tcp: use of closed network connection\"。Close 会结束两个方向：你再也读不到数据了。\n" +
		"提示：CloseWrite 只结束你这一侧，你仍然可以读取回答；Close 会结束两个方向：等读完所有内容再调用它（defer conn.Close()）。"
	if got := tr.Translate(english); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := tr.Translate("a line no catalogue has"); got != "a line no catalogue has" {
		t.Errorf("an unknown line became %q", got)
	}
}

// A sentence built of two messages is read as those two, though the
// first ends in a value that could take in the second: "... after %s",
// then ", where it should ...". So are two values side by side ("%s%s"),
// and the lines of a race report.
func TestTranslateReadsEachMessageWhole(t *testing.T) {
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	for english, want := range map[string]string{
		"a peer sent a byte every 60ms, twenty in all, then ended its side. With idle at 1s, readIdle returned \"abc\" and the error \"EOF\" after 1.2s, " +
			"where it should have returned all twenty and no error: io.EOF is no failure, the peer said goodbye.\nHint: x": "对端每 60ms 发送一个字节，共二十个，然后结束了它那一侧。idle 为 1s 时，readIdle 在 1.2s 后返回了 \"abc\"，错误为 \"EOF\"，" +
			"而它本应返回全部二十个字节且没有错误：io.EOF 不是失败，是对端在道别。\n提示：x",
		"the first client sent \"hi\\n\" and got back \"hi\\n\": the line as it came, nothing in capitals.\nHint: x":   "第一个客户端发送了 \"hi\\n\"，收到的是 \"hi\\n\"：一行原样返回，没有任何字母变成大写。\n提示：x",
		"  in one goroutine, serve wrote it (main.go:47)\n  in another goroutine, shout had just read it (main.go:60)": "  在一个 goroutine 里，serve 写入了它（main.go:47）\n  在另一个 goroutine 里，shout 刚刚读取了它（main.go:60）",
	} {
		if got := tr.Translate(english); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	}
}

func TestWantsChinese(t *testing.T) {
	for env, want := range map[string]bool{
		"LANG=zh_CN.UTF-8": true, "LANG=zh": true, "LANG=en_GB.UTF-8": false, "": false,
		"LC_ALL=zh_TW.UTF-8 LANG=en_US.UTF-8": true, "LC_ALL=C LANG=zh_CN.UTF-8": false, "LC_MESSAGES=zh_CN.UTF-8": true,
	} {
		vars := map[string]string{}
		for _, kv := range strings.Fields(env) {
			k, v, _ := strings.Cut(kv, "=")
			vars[k] = v
		}
		if got := WantsChinese(func(k string) string { return vars[k] }); got != want {
			t.Errorf("%s: WantsChinese %v, want %v", env, got, want)
		}
	}
}
