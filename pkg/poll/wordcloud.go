package poll

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/ting-live/ting/pkg/wordcloud"
)

// wordcloudKind: up to MaxEntries short entries per participant.
type wordcloudKind struct{}

func init() { register("wordcloud", wordcloudKind{}) }

// DefaultMaxEntries is a word cloud's maxEntries when the facilitator gives none.
const DefaultMaxEntries = 3

func (wordcloudKind) Check(q *Question) error {
	if len(q.Options) > 0 {
		return fmt.Errorf("a word cloud has no options")
	}
	if q.MaxEntries == 0 {
		q.MaxEntries = DefaultMaxEntries
	}
	if q.MaxEntries < 1 || q.MaxEntries > MaxMaxEntries {
		return fmt.Errorf("maxEntries must be from 1 to %d", MaxMaxEntries)
	}
	q.Multiple = false
	return nil
}

// Tally keys: "w<key>" counts participants per word, "d<key>\x00<display>"
// counts each spelling of it.
const (
	wordPrefix    = "w"
	displayPrefix = "d"
	keySep        = "\x00"
)

func (wordcloudKind) Parse(q *Question, value json.RawMessage, _ Context) (Answer, error) {
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
	a := Answer{Tally: make(map[string]int64, 2*len(entries))}
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
	}
	return a, nil
}

// Word is one word of a word cloud's results.
type Word struct {
	Text  string `json:"text"`
	Count int64  `json:"count"`
}

// WordcloudResults are the results fields of a word cloud.
type WordcloudResults struct {
	Words []Word `json:"words"`
}

func (wordcloudKind) Results(q *Question, t Tally, _ View) any {
	type spelling struct {
		text  string
		count int64
	}
	best := make(map[string]spelling)
	words := make([]Word, 0, len(t.Counts)/2)
	for k, n := range t.Counts {
		switch {
		case n <= 0:
		case strings.HasPrefix(k, wordPrefix):
			words = append(words, Word{Text: k[len(wordPrefix):], Count: n})
		case strings.HasPrefix(k, displayPrefix):
			key, display, ok := strings.Cut(k[len(displayPrefix):], keySep)
			if !ok {
				continue
			}
			b, seen := best[key]
			if !seen || n > b.count || (n == b.count && display < b.text) {
				best[key] = spelling{display, n}
			}
		}
	}
	for i := range words {
		if b, ok := best[words[i].Text]; ok {
			words[i].Text = b.text
		}
	}
	sort.Slice(words, func(i, j int) bool {
		if words[i].Count != words[j].Count {
			return words[i].Count > words[j].Count
		}
		return words[i].Text < words[j].Text
	})
	return WordcloudResults{Words: words}
}
