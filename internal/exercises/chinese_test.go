package exercises

import (
	"strings"
	"testing"
)

// The exercises whose checkers speak Chinese too: every message their
// checker can say has a translation.
var chineseExercises = []string{"../../lessons/02-client/exercises/1-send/check_test.go"}

func TestCheckerMessagesHaveChinese(t *testing.T) {
	tr, err := NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	for _, checker := range chineseExercises {
		msgs, err := CheckerMessages(checker)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) < 10 {
			t.Errorf("%s: %d messages found, want its hints and failures", checker, len(msgs))
		}
		for _, m := range msgs {
			if !tr.Has(m) {
				t.Errorf("%s: no Chinese for %q (internal/exercises/zh-CN.po)", checker, m)
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
