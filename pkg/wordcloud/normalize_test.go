package wordcloud

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeMergesCaseSpaceAndForm(t *testing.T) {
	same := []string{"Kaffe", "kaffe", "  KAFFE ", "Ｋａｆｆｅ", "kaf\u200bfe"}
	_, want, err := Normalize(same[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range same[1:] {
		if _, key, err := Normalize(s); err != nil || key != want {
			t.Errorf("Normalize(%q) key %q, %v; want %q", s, key, err, want)
		}
	}
}

func TestNormalizeKeepsNordicLetters(t *testing.T) {
	for _, pair := range [][2]string{{"får", "far"}, {"hår", "har"}, {"søn", "son"}, {"æble", "aeble"}, {"öl", "ol"}, {"Ärlig", "Arlig"}} {
		_, a, _ := Normalize(pair[0])
		_, b, _ := Normalize(pair[1])
		if a == b {
			t.Errorf("%q and %q merged into %q", pair[0], pair[1], a)
		}
	}
	// Composed and decomposed å are one word.
	_, composed, _ := Normalize("gå")
	_, decomposed, _ := Normalize("ga\u030a")
	if composed != decomposed {
		t.Errorf("NFC and NFD forms differ: %q %q", composed, decomposed)
	}
}

func TestNormalizeDisplay(t *testing.T) {
	for in, want := range map[string]string{
		"  god   stämning ": "god stämning",
		"Glädje\t":          "Glädje",
		"ga\u030a":          "gå",
	} {
		if d, _, err := Normalize(in); err != nil || d != want {
			t.Errorf("Normalize(%q) display %q, %v; want %q", in, d, err, want)
		}
	}
}

func TestNormalizeRejects(t *testing.T) {
	for in, want := range map[string]error{
		"":                        ErrEmpty,
		" \t\n ":                  ErrEmpty,
		strings.Repeat("ö", 51):   ErrTooLong,
		"bell\x07":                ErrControl,
		"\xff\xfe":                ErrControl,
		strings.Repeat("a ", 100): ErrTooLong,
	} {
		if _, _, err := Normalize(in); !errors.Is(err, want) {
			t.Errorf("Normalize(%q) = %v, want %v", in, err, want)
		}
	}
	if _, _, err := Normalize(strings.Repeat("ö", 50)); err != nil {
		t.Errorf("50 characters refused: %v", err)
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, _, _ = Normalize("  Gemenskap och Glädje ")
	}
}
