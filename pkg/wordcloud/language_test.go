package wordcloud

import (
	"errors"
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"  God   Stämning ", "god stämning", nil},
		{"ＫＡＦＦＥ", "kaffe", nil},
		{"Får", "får", nil},
		{"", "", ErrEmpty},
		{strings.Repeat("x", 51), "", ErrTooLong},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Key(tc.in)
			if got != tc.want || !errors.Is(err, tc.err) {
				t.Fatalf("Key(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
			}
		})
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		max      int
		want     string
		err      error
		msg      string
	}{
		{"paragraphs", "Mer tid\n\nför  samtal ", 500, "Mer tid för samtal", nil, ""},
		{"at the limit", strings.Repeat("ø", 500), 500, strings.Repeat("ø", 500), nil, ""},
		{"over the limit", strings.Repeat("ø", 501), 500, "", ErrTooLong, "entry is longer than 500 characters"},
		{"word limit", strings.Repeat("ø", 51), MaxLen, "", ErrTooLong, "entry is longer than 50 characters"},
		{"control", "a\x00b", 500, "", ErrControl, "entry contains control characters"},
		{"blank", "\t ", 500, "", ErrEmpty, "entry is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Clean(tc.in, tc.max)
			if got != tc.want || !errors.Is(err, tc.err) || (err != nil && err.Error() != tc.msg) {
				t.Fatalf("Clean = %q, %v; want %q, %q", got, err, tc.want, tc.msg)
			}
		})
	}
}

func TestIsStopWord(t *testing.T) {
	for _, tc := range []struct {
		lang, key string
		want      bool
	}{
		{"sv", "och", true},
		{"sv", "att", true},
		{"sv", "i och med", true},
		{"sv", "gemenskap", false},
		{"sv", "och gemenskap", false},
		{"nb", "og", true},
		{"nb", "ikke", true},
		{"nb", "å", true},
		{"nb", "arbeid", false}, // in kljensen's Norwegian list, a content word here
		{"nb", "god", false},
		{"nb", "bra", false},
		{"da", "og", true},
		{"da", "ikke", true},
		{"da", "af", true},
		{"da", "arbejde", false},
		{"da", "hygge", false},
		{"en", "the", true},
		{"en", "and", true},
		{"en", "teamwork", false},
		{"", "och", false},
		{"de", "und", false},
		{"sv", "", false},
	} {
		t.Run(tc.lang+"/"+tc.key, func(t *testing.T) {
			if got := IsStopWord(tc.lang, tc.key); got != tc.want {
				t.Fatalf("IsStopWord(%q, %q) = %v", tc.lang, tc.key, got)
			}
		})
	}
	for lang, list := range ownStopWords {
		for w := range list {
			if k, err := Key(w); err != nil || k != w {
				t.Errorf("%s stop word %q is not a key (%q, %v)", lang, w, k, err)
			}
		}
	}
}

func TestStem(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		forms []string
	}{
		{"sv", []string{"kollega", "kollegor", "kollegorna"}},
		{"sv", []string{"trygghet", "tryggheten"}},
		{"sv", []string{"goda kollegor", "god kollega"}},
		{"nb", []string{"fellesskap", "fellesskapet"}},
		{"nb", []string{"trygghet", "tryggheten"}},
		{"da", []string{"fællesskab", "fællesskabet"}},
		{"da", []string{"tryghed", "trygheden"}},
		{"en", []string{"colleague", "colleagues"}},
		{"en", []string{"responsibility", "responsibilities"}},
	} {
		t.Run(tc.lang+"/"+tc.forms[0], func(t *testing.T) {
			s := NewStemmer(tc.lang)
			want := s.Stem(tc.forms[0])
			for _, f := range tc.forms[1:] {
				if got := s.Stem(f); got != want {
					t.Fatalf("Stem(%q) = %q, Stem(%q) = %q", f, got, tc.forms[0], want)
				}
			}
		})
	}
	for _, tc := range []struct{ lang, a, b string }{
		{"sv", "får", "far"},
		{"sv", "hår", "har"},
		{"nb", "søn", "son"},
	} {
		if Stem(tc.lang, tc.a) == Stem(tc.lang, tc.b) {
			t.Errorf("%s: %q and %q share a stem", tc.lang, tc.a, tc.b)
		}
	}
	if got := Stem("", "kollegorna"); got != "kollegorna" {
		t.Errorf("no language stemmed: %q", got)
	}
}

func BenchmarkStem(b *testing.B) {
	s := NewStemmer(Swedish)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Stem("kollegorna")
	}
}
