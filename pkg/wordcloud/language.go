package wordcloud

// Languages a word cloud can be in: the session languages. Each has stop
// words and a Snowball stemmer.
const (
	Swedish   = "sv"
	Norwegian = "nb" // Bokmål
	Danish    = "da"
	English   = "en"
)

// Languages lists the supported language codes.
var Languages = []string{Swedish, Norwegian, Danish, English}

// IsLanguage reports whether lang is one of Languages.
func IsLanguage(lang string) bool {
	switch lang {
	case Swedish, Norwegian, Danish, English:
		return true
	}
	return false
}
