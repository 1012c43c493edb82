package wordcloud

import (
	"strings"

	english "github.com/kljensen/snowball/english"
	swedish "github.com/kljensen/snowball/swedish"
)

// Stop words are a language's function words ("och", "og", "the"): common
// in every answer and telling nothing, so the room's picture leaves them
// out unless a question keeps them.
//
// Swedish and English come from github.com/kljensen/snowball, the
// Snowball project's lists. Its Norwegian list is not used: it holds content
// words a workshop asks about ("arbeid", "god", "bra", "tid", "folk"). The
// Norwegian and Danish lists below are this project's own: pronouns,
// articles, conjunctions, prepositions, auxiliary verbs and small adverbs.
var ownStopWords = map[string]map[string]bool{
	Norwegian: set(`
		jeg meg min mi mitt mine du deg din di ditt dine han ham hans hun
		henne hennes den det dens vi oss vår vårt våre dere deres de dem seg
		sin si sitt sine selv man noen noe ingen intet alle alt hver hvert
		enhver denne dette disse slik sånn samme
		en ei et
		og eller men for så at om som når da fordi hvis dersom enn mens
		både verken enten
		i på til fra med av ved hos mot mellom over under etter før gjennom
		uten innen blant
		ikke også bare nå der her hvor hva hvem hvorfor hvordan hvilken
		hvilket hvilke ut inn opp ned igjen ja nei jo vel nok kun mer mest
		er var vært være blir ble blitt bli har hadde hatt ha kan kunne vil
		ville skal skulle må måtte bør burde å`),
	Danish: set(`
		jeg mig min mit mine du dig din dit dine han ham hans hun hende
		hendes den det dens dets vi os vores vor vort vore jer jeres de dem
		deres sig sin sit sine selv man nogen noget ingen intet alle alt
		hver hvert enhver denne dette disse sådan samme
		en et
		og eller men for så at om som når da fordi hvis end mens både
		hverken enten
		i på til fra med af ved hos mod mellem over under efter før gennem
		uden inden blandt
		ikke også bare nu der her hvor hvad hvem hvorfor hvordan hvilken
		hvilket hvilke ud ind op ned igen ja nej jo vel nok kun meget mere
		mest
		er var været være bliver blev blevet blive har havde haft have kan
		kunne vil ville skal skulle må måtte bør burde`),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// IsStopWord reports whether key (see Key) is a stop word of lang: a word
// of its list, or a phrase of nothing but such words ("i och med"). A
// language without a list has no stop words.
func IsStopWord(lang, key string) bool {
	if key == "" || !IsLanguage(lang) {
		return false
	}
	for w := range strings.SplitSeq(key, " ") {
		if !stopWord(lang, w) {
			return false
		}
	}
	return true
}

func stopWord(lang, w string) bool {
	switch lang {
	case Swedish:
		return swedish.IsStopWord(w)
	case English:
		return english.IsStopWord(w)
	default:
		return ownStopWords[lang][w]
	}
}
