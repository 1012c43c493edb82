package wordcloud

import (
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/norwegian"
	"github.com/blevesearch/snowballstem/swedish"
)

// The stemmers are the Snowball project's own algorithms, generated to Go
// (github.com/blevesearch/snowballstem, kept up as part of the bleve search
// engine). It is the one Go module with all four languages: kljensen/snowball
// has no Danish, and one source keeps the four consistent.
var stemmers = map[string]func(*snowballstem.Env) bool{
	Swedish:   swedish.Stem,
	Norwegian: norwegian.Stem, // Snowball's Norwegian is Bokmål
	Danish:    danish.Stem,
	English:   english.Stem,
}

// Stemmer groups inflected forms of a language: "kollega", "kollegor" and
// "kollegorna" have one stem. A Stemmer is not safe for concurrent use;
// make one per goroutine (it is cheap).
type Stemmer struct {
	stem func(*snowballstem.Env) bool
	env  *snowballstem.Env
	buf  strings.Builder
}

// NewStemmer returns a stemmer for lang. For a language without one, Stem
// returns its input.
func NewStemmer(lang string) *Stemmer {
	return &Stemmer{stem: stemmers[lang], env: snowballstem.NewEnv("")}
}

// Stem returns the stem of a key (see Key): each word of a phrase is stemmed,
// so "goda kollegor" and "god kollega" meet.
func (s *Stemmer) Stem(key string) string {
	if s.stem == nil {
		return key
	}
	if !strings.Contains(key, " ") {
		return s.word(key)
	}
	s.buf.Reset()
	for i, w := range strings.Split(key, " ") {
		if i > 0 {
			s.buf.WriteByte(' ')
		}
		s.buf.WriteString(s.word(w))
	}
	return s.buf.String()
}

func (s *Stemmer) word(w string) string {
	s.env.SetCurrent(w)
	s.stem(s.env)
	return s.env.Current()
}

// Stem returns the stem of key in lang (see Stemmer.Stem).
func Stem(lang, key string) string {
	return NewStemmer(lang).Stem(key)
}
