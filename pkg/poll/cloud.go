package poll

import (
	"cmp"
	"strings"

	"github.com/ting-live/ting/pkg/wordcloud"
)

// cloud groups a word cloud's tally into the words results show: one per
// key, or with Stem one per stem of the question's language (stop words
// stay alone), and knows which the facilitator hid, banned or flagged.
type cloud struct {
	q       *Question
	lang    string             // "" when the language has no lists
	stemmer *wordcloud.Stemmer // nil unless forms are grouped
	forms   map[string]form    // by key
	stems   map[string]int64   // participants per stem, from Parse
	groups  []group            // the words
	byKey   map[string]int     // groups of one key, by key
	byStem  map[string]int     // groups of a stem's forms, by stem
	hidden  wordMatcher
	banned  wordMatcher
	flagged wordMatcher
}

// form is one word as typed (one key): participants, most used spelling.
type form struct {
	count        int64
	display      string
	displayCount int64
}

// group is the forms shown as one word.
type group struct {
	key, stem string // stem is "" for a group of one key
	stop      bool
	best      string // key of the most used form
	sum, most int64  // participants summed over forms, and of the most used
}

func newCloud(q *Question) *cloud {
	c := &cloud{q: q, stems: map[string]int64{}}
	if wordcloud.IsLanguage(q.Language) {
		c.lang = q.Language
		if q.Stem {
			c.stemmer = wordcloud.NewStemmer(q.Language)
		}
	}
	var hidden []string
	if q.Moderation != nil {
		hidden = q.Moderation.Hidden
	}
	c.hidden, c.banned, c.flagged = c.matcher(hidden), c.matcher(q.Banned), c.matcher(q.Flagged)
	return c
}

// read takes in a tally and groups its words.
func (c *cloud) read(t Tally) {
	c.forms = make(map[string]form, len(t.Counts)/2)
	for k, n := range t.Counts {
		if n <= 0 || k == "" {
			continue
		}
		switch k[:1] {
		case wordPrefix:
			f := c.forms[k[1:]]
			f.count = n
			c.forms[k[1:]] = f
		case displayPrefix:
			key, display, ok := strings.Cut(k[1:], keySep)
			if !ok {
				continue
			}
			f := c.forms[key]
			if n > f.displayCount || (n == f.displayCount && display < f.display) {
				f.display, f.displayCount = display, n
			}
			c.forms[key] = f
		case stemPrefix:
			if lang, stem, ok := strings.Cut(k[1:], keySep); ok && lang == c.lang {
				c.stems[stem] = n
			}
		}
	}
	c.groups = make([]group, 0, len(c.forms))
	c.byKey = make(map[string]int, len(c.forms))
	for key, f := range c.forms {
		if f.count <= 0 {
			continue
		}
		stop := wordcloud.IsStopWord(c.lang, key)
		ids, id, stem := c.byKey, key, ""
		if c.stemmer != nil && !stop {
			if c.byStem == nil {
				c.byStem = map[string]int{}
			}
			stem = c.stemmer.Stem(key)
			ids, id = c.byStem, stem
		}
		i, ok := ids[id]
		if !ok {
			i = len(c.groups)
			ids[id] = i
			c.groups = append(c.groups, group{key: key, stem: stem, stop: stop, best: key})
		}
		g := &c.groups[i]
		g.sum += f.count
		if better(f.count, key, g.most, g.best) {
			g.best, g.most = key, f.count
		}
	}
}

// better reports whether a form used n times beats the best so far: more
// use, then the shorter key (usually the base form), then key order.
func better(n int64, key string, bestN int64, best string) bool {
	return cmp.Or(cmp.Compare(n, bestN), cmp.Compare(len(best), len(key)), strings.Compare(best, key)) > 0
}

// word renders a group with all its markers.
func (c *cloud) word(g *group) Word {
	f := c.forms[g.best]
	w := Word{Text: cmp.Or(f.display, g.best), Count: g.sum, StopWord: g.stop}
	if g.stem != "" {
		// Participants per stem, counted once each in Parse; a sum for
		// answers stored before the language was set.
		if n := c.stems[g.stem]; n >= g.most {
			w.Count = n
		}
	}
	w.Hidden, w.Banned, w.Flagged = c.hidden.has(g), c.banned.has(g), c.flagged.has(g)
	return w
}

// wordMatcher finds a group among a facilitator's words (keys): by key, and
// with Stem by stem, so hiding or banning one form covers its group.
type wordMatcher struct {
	keys, stems map[string]bool
}

func (c *cloud) matcher(keys []string) wordMatcher {
	if len(keys) == 0 {
		return wordMatcher{}
	}
	m := wordMatcher{keys: make(map[string]bool, len(keys))}
	for _, k := range keys {
		m.keys[k] = true
		if c.stemmer != nil && !wordcloud.IsStopWord(c.lang, k) {
			if m.stems == nil {
				m.stems = map[string]bool{}
			}
			m.stems[c.stemmer.Stem(k)] = true
		}
	}
	return m
}

func (m wordMatcher) has(g *group) bool {
	if g.stem != "" {
		return m.stems[g.stem]
	}
	return m.keys[g.key]
}
