package poll

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/ting-live/ting/pkg/wordcloud"
)

// wordcloudKind: up to MaxEntries short entries per participant, drawn as a
// cloud. The room's picture leaves out stop words (unless KeepStopWords),
// banned and hidden words, and shows at most MaxWords; with Stem, inflected
// forms are one word. The facilitator sees every word, with markers.
type wordcloudKind struct{}

func init() { register("wordcloud", wordcloudKind{}) }

// Limits and defaults of a word cloud.
const (
	DefaultMaxEntries = 3  // maxEntries when the facilitator gives none
	DefaultMaxWords   = 60 // maxWords when the facilitator gives none
	MaxMaxWords       = 500
	MaxWordList       = 500 // banned or flagged words
)

func (wordcloudKind) Check(q *Question) error {
	if err := noOptions(q, "a word cloud"); err != nil {
		return err
	}
	out := q.base()
	out.MaxEntries, out.MaxWords = q.MaxEntries, q.MaxWords
	if out.MaxEntries == 0 {
		out.MaxEntries = DefaultMaxEntries
	}
	if out.MaxEntries < 1 || out.MaxEntries > MaxMaxEntries {
		return fmt.Errorf("maxEntries must be from 1 to %d", MaxMaxEntries)
	}
	if out.MaxWords == 0 {
		out.MaxWords = DefaultMaxWords
	}
	if out.MaxWords < 1 || out.MaxWords > MaxMaxWords {
		return fmt.Errorf("maxWords must be from 1 to %d", MaxMaxWords)
	}
	out.Language = strings.ToLower(strings.TrimSpace(q.Language))
	if out.Language != "" && !wordcloud.IsLanguage(out.Language) {
		return fmt.Errorf("language must be one of %s", strings.Join(wordcloud.Languages, ", "))
	}
	var err error
	if out.Banned, err = wordKeys(q.Banned, "banned"); err != nil {
		return err
	}
	if out.Flagged, err = wordKeys(q.Flagged, "flagged"); err != nil {
		return err
	}
	out.KeepStopWords, out.Stem = q.KeepStopWords, q.Stem
	*q = out
	return nil
}

// wordKeys turns a facilitator's list of words into their keys, once each.
func wordKeys(words []string, what string) ([]string, error) {
	if len(words) > MaxWordList {
		return nil, fmt.Errorf("at most %d %s words are allowed", MaxWordList, what)
	}
	var keys []string
	for i, w := range words {
		k, err := wordcloud.Key(w)
		if err != nil {
			return nil, fmt.Errorf("%s word %d: %w", what, i+1, err)
		}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// Tally keys: "w<key>" counts participants per word, "d<key>\x00<display>"
// counts each spelling of it, and "s<language>\x00<stem>" counts the
// participants who entered any form of a stem (stop words have none).
//
// Stems are counted in Parse, whether or not the question groups forms: one
// participant who enters "kollega" and "kollegor" counts once for the group,
// not twice, and a facilitator can turn Stem on or off at any time. Grouping
// itself happens in Results, so that turning it on applies to every answer.
const (
	wordPrefix    = "w"
	displayPrefix = "d"
	stemPrefix    = "s"
	keySep        = "\x00"
)

func (wordcloudKind) Parse(q *Question, value json.RawMessage, c Context) (Answer, error) {
	var entries []string
	if err := json.Unmarshal(value, &entries); err != nil {
		return Answer{}, fmt.Errorf(`value must be a list of words, like ["word"]`)
	}
	if len(entries) == 0 {
		return Answer{}, fmt.Errorf("enter at least one word")
	}
	if len(entries) > q.MaxEntries {
		return Answer{}, fmt.Errorf("at most %d entries are allowed", q.MaxEntries)
	}
	var stemmer *wordcloud.Stemmer
	if wordcloud.IsLanguage(q.Language) {
		stemmer = wordcloud.NewStemmer(q.Language)
	}
	a := Answer{Tally: make(map[string]int64, 3*len(entries))}
	for i, e := range entries {
		display, key, err := wordcloud.Normalize(e)
		if err != nil {
			return Answer{}, fmt.Errorf("entry %d: %w", i+1, err)
		}
		if a.Tally[wordPrefix+key] != 0 {
			continue // the same word twice counts once
		}
		a.Tally[wordPrefix+key] = 1
		a.Tally[displayPrefix+key+keySep+display] = 1
		a.Entries = append(a.Entries, display)
		if stemmer != nil && !wordcloud.IsStopWord(q.Language, key) {
			a.Tally[stemPrefix+q.Language+keySep+stemmer.Stem(key)] = 1
		}
	}
	if !fits(c.Cloud, a.Tally) {
		return Answer{}, fmt.Errorf("this word cloud is full: it keeps %d different words; choose words that are in it already", MaxCloudWords)
	}
	return a, nil
}

// CloudSet is what a word cloud holds now: its tally's keys.
type CloudSet interface {
	// Has reports whether the tally counts key.
	Has(key string) bool
	// Words and Spellings count the different words and spellings.
	Words() int
	Spellings() int
}

// MaxCloudSpellings bounds the spellings a word cloud keeps (KAFFE,
// Kaffe and kaffe are one word of three spellings).
const MaxCloudSpellings = 2 * MaxCloudWords

// fits reports whether a word cloud that holds cloud can take the answer
// tally t without going past MaxCloudWords words or MaxCloudSpellings
// spellings.
func fits(cloud CloudSet, t map[string]int64) bool {
	if cloud == nil {
		return true
	}
	words, spellings := cloud.Words(), cloud.Spellings()
	for k := range t {
		if cloud.Has(k) {
			continue
		}
		switch k[:1] {
		case wordPrefix:
			words++
		case displayPrefix:
			spellings++
		}
	}
	return (words <= MaxCloudWords || words <= cloud.Words()) && (spellings <= MaxCloudSpellings || spellings <= cloud.Spellings())
}

// CloudTally is a CloudSet of a word cloud's tally counts.
type CloudTally struct {
	keys             map[string]bool
	words, spellings int
}

// NewCloudTally reads the counters of a word cloud's tally.
func NewCloudTally(counts map[string]int64) *CloudTally {
	ct := &CloudTally{keys: make(map[string]bool, len(counts))}
	ct.Add(counts)
	return ct
}

// Add counts the keys of an answer's tally that were not there.
func (ct *CloudTally) Add(counts map[string]int64) {
	for k, n := range counts {
		if n <= 0 || ct.keys[k] || !(strings.HasPrefix(k, wordPrefix) || strings.HasPrefix(k, displayPrefix)) {
			continue
		}
		ct.keys[k] = true
		if strings.HasPrefix(k, wordPrefix) {
			ct.words++
		} else {
			ct.spellings++
		}
	}
}

func (ct *CloudTally) Has(key string) bool { return ct.keys[key] }
func (ct *CloudTally) Words() int          { return ct.words }
func (ct *CloudTally) Spellings() int      { return ct.spellings }

// Word is one word of a word cloud's results. The markers appear in the
// facilitator's view only.
type Word struct {
	Text     string `json:"text"`
	Count    int64  `json:"count"`
	Hidden   bool   `json:"hidden,omitempty"`
	Banned   bool   `json:"banned,omitempty"`
	Flagged  bool   `json:"flagged,omitempty"`
	StopWord bool   `json:"stopWord,omitempty"`
}

// WordcloudResults are the results fields of a word cloud, count descending.
type WordcloudResults struct {
	Words []Word `json:"words"`
}

func (wordcloudKind) Results(q *Question, t Tally, v View) any {
	c := newCloud(q)
	c.read(t)
	words := make([]Word, 0, len(c.groups))
	for i := range c.groups {
		w := c.word(&c.groups[i])
		if !v.Facilitator {
			if w.Hidden || w.Banned || (w.StopWord && !q.KeepStopWords) {
				continue
			}
			w = Word{Text: w.Text, Count: w.Count}
		}
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b Word) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Text, b.Text))
	})
	if limit := cmp.Or(q.MaxWords, DefaultMaxWords); !v.Facilitator && len(words) > limit {
		words = words[:limit]
	}
	return WordcloudResults{Words: words}
}
