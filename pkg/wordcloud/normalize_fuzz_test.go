package wordcloud

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzNormalize feeds Normalize arbitrary entries. It must never panic; an
// accepted entry has a display form of 1 to MaxLen characters in NFC, trimmed,
// single-spaced and free of control characters, which normalizes to itself
// and to the same key (so a word hidden by its display form hides the word);
// a refused one gives one of the documented errors. `go test` runs the seeds.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"Kaffe", "  kaffe  ", "Ｋａｆｆｅ", "får", "far", "hår", "har", "ÅSA", "straße", "İstanbul",
		"e\u0301", "e\u200d\u0301", "a\u200b\u0308", "a \u200b b", "\u200b", "", "   ", "\t\n",
		"a\u0007b", "a\x00b", "\xff", "\ufffd", "ﷺ", "ﬃ", "\u00a0kaffe\u2028", "<script>alert(1)</script>",
		strings.Repeat("å", 50), strings.Repeat("å", 51), strings.Repeat("a ", 30),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, entry string) {
		display, key, err := Normalize(entry)
		if err != nil {
			if err != ErrEmpty && err != ErrTooLong && err != ErrControl {
				t.Fatalf("Normalize(%q): undocumented error %v", entry, err)
			}
			if display != "" || key != "" {
				t.Fatalf("Normalize(%q) failed with %q, %q", entry, display, key)
			}
			return
		}
		if n := utf8.RuneCountInString(display); n < 1 || n > MaxLen {
			t.Fatalf("Normalize(%q): display %q has %d characters", entry, display, n)
		}
		if !utf8.ValidString(display) || !norm.NFC.IsNormalString(display) {
			t.Fatalf("Normalize(%q): display %q is not NFC UTF-8", entry, display)
		}
		if strings.TrimSpace(display) != display || strings.Contains(display, "  ") {
			t.Fatalf("Normalize(%q): display %q is not trimmed to single spaces", entry, display)
		}
		for _, r := range display {
			if unicode.IsControl(r) || (unicode.IsSpace(r) && r != ' ') {
				t.Fatalf("Normalize(%q): display %q holds %U", entry, display, r)
			}
		}
		if key == "" {
			t.Fatalf("Normalize(%q): empty key", entry)
		}
		d2, k2, err := Normalize(display)
		if err != nil || d2 != display || k2 != key {
			t.Fatalf("Normalize(%q) = %q, %q; of the display again: %q, %q, %v", entry, display, key, d2, k2, err)
		}
	})
}
