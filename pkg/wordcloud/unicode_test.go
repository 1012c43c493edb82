package wordcloud

import (
	"errors"
	"strings"
	"testing"
)

// TestCleanKeepsEmojiJoiners: the zero-width joiner inside an emoji
// sequence stays (👩‍💻 is one picture, not a woman and a computer); a joiner
// or a zero-width space anywhere else goes.
func TestCleanKeepsEmojiJoiners(t *testing.T) {
	for in, want := range map[string]string{
		"👩\u200d💻":                    "👩\u200d💻",
		"👨\u200d👩\u200d👧":             "👨\u200d👩\u200d👧",
		"🏳\ufe0f\u200d🌈":              "🏳\ufe0f\u200d🌈",
		"👍🏽\u200d👍":                   "👍🏽\u200d👍",
		"kaf\u200dfe":                 "kaffe",
		"\u200d👩":                     "👩",
		"👩\u200d":                     "👩",
		"a\u200d👩":                    "a👩",
		"kod 👩\u200d💻 och \u200bfika": "kod 👩\u200d💻 och fika",
	} {
		got, err := Clean(in, 50)
		if err != nil || got != want {
			t.Errorf("Clean(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	// Two people who type the same sequence give the same word.
	_, a, _ := Normalize("👩\u200d💻")
	_, b, _ := Normalize("👩\u200d💻")
	_, c, _ := Normalize("👩💻")
	if a != b || a == c {
		t.Errorf("keys %q %q %q: a sequence is one word, apart from its parts", a, b, c)
	}
}

// TestCleanRefusesStackedMarks: text that is mostly combining marks
// ("Zalgo") is refused; letters with their accents, decomposed or not,
// scripts whose vowels are marks, and emoji with their selectors pass.
func TestCleanRefusesStackedMarks(t *testing.T) {
	zalgo := "h" + strings.Repeat("\u0336\u0358\u0322", 5) + "i" + strings.Repeat("\u0301\u0300", 4)
	for _, in := range []string{zalgo, "a\u0301\u0302\u0303\u0304", "\u0301\u0301\u0301", "x" + strings.Repeat("\u0489", 3)} {
		if _, err := Clean(in, 50); !errors.Is(err, ErrMarks) {
			t.Errorf("Clean(%q): %v, want ErrMarks", in, err)
		}
	}
	for _, in := range []string{"ga\u030a", "e\u0301te\u0301", "किताब", "नमस्ते", "ปลา", "1\ufe0f\u20e3", "❤\ufe0f", "Tiếng Việt"} {
		if _, err := Clean(in, 50); err != nil {
			t.Errorf("Clean(%q): %v, want it kept", in, err)
		}
	}
}
