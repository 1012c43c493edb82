package poll

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ting-live/ting/pkg/wordcloud"
)

// Moderation is what the facilitator decided about a question's entries.
// Entries are named by their results id (open answers, Q&A entries) or, in
// a word cloud, by the word's key (see EntryID).
type Moderation struct {
	// Hidden entries are left out of the results shown to the room.
	Hidden []string `json:"hidden,omitempty"`
	// Approved entries of a moderated question are shown to the room.
	Approved []string `json:"approved,omitempty"`
	// Answered Q&A entries are marked answered.
	Answered []string `json:"answered,omitempty"`
}

// Mark is one of the facilitator's decisions about an entry.
type Mark string

// The marks an entry can carry.
const (
	MarkHidden   Mark = "hidden"
	MarkApproved Mark = "approved"
	MarkAnswered Mark = "answered"
)

// list returns the list that holds mark.
func (m *Moderation) list(mark Mark) *[]string {
	switch mark {
	case MarkHidden:
		return &m.Hidden
	case MarkApproved:
		return &m.Approved
	case MarkAnswered:
		return &m.Answered
	}
	return nil
}

// WithMark returns a copy of q's moderation with id marked (on) or not
// (off); q's own moderation is left as it was. It returns nil when nothing
// is marked any more.
func (q *Question) WithMark(mark Mark, id string, on bool) *Moderation {
	var m Moderation
	if q.Moderation != nil {
		m = Moderation{
			Hidden:   slices.Clone(q.Moderation.Hidden),
			Approved: slices.Clone(q.Moderation.Approved),
			Answered: slices.Clone(q.Moderation.Answered),
		}
	}
	if l := m.list(mark); l != nil {
		has := slices.Contains(*l, id)
		switch {
		case on && !has:
			*l = append(*l, id)
		case !on && has:
			*l = slices.DeleteFunc(*l, func(s string) bool { return s == id })
		}
	}
	if len(m.Hidden) == 0 && len(m.Approved) == 0 && len(m.Answered) == 0 {
		return nil
	}
	return &m
}

// MaxEntryID is the longest entry id a facilitator can name.
const MaxEntryID = 64

// EntryID turns what a facilitator names (an open answer's or Q&A entry's
// results id, or a word as a word cloud shows it) into the id Moderation
// keeps. Its error is for a person.
func EntryID(q *Question, entry string) (string, error) {
	switch q.Type {
	case "wordcloud":
		key, err := wordcloud.Key(entry)
		if err != nil {
			return "", fmt.Errorf("word: %w", err)
		}
		return key, nil
	case "open", "qa":
		id := strings.TrimSpace(entry)
		if !validID(id) {
			return "", fmt.Errorf("entry must be the id of an entry, as results show it")
		}
		return id, nil
	}
	return "", fmt.Errorf("a %s question has no entries to moderate", q.Type)
}

// validID reports whether id can be an entry id: 1 to MaxEntryID printable
// ASCII characters without spaces.
func validID(id string) bool {
	if id == "" || len(id) > MaxEntryID {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// marked returns the set of ids that carry mark.
func (q *Question) marked(mark Mark) map[string]bool {
	if q.Moderation == nil {
		return nil
	}
	l := *q.Moderation.list(mark)
	if len(l) == 0 {
		return nil
	}
	s := make(map[string]bool, len(l))
	for _, id := range l {
		s[id] = true
	}
	return s
}

// visibility decides which entries of an open or Q&A question the room sees:
// not hidden and, in a moderated question, approved.
type visibility struct {
	hidden, approved map[string]bool
	moderated        bool
}

func (q *Question) visibility() visibility {
	return visibility{hidden: q.marked(MarkHidden), approved: q.marked(MarkApproved), moderated: q.Moderated}
}

// flags returns whether id is hidden and whether it awaits approval.
func (v visibility) flags(id string) (hidden, pending bool) {
	return v.hidden[id], v.moderated && !v.approved[id]
}

// HasEntry reports whether the tally of an open or Q&A question holds an
// entry (an answer, an asked question) with results id.
func HasEntry(q *Question, t Tally, id string) bool {
	var prefix string
	switch q.Type {
	case "open":
		prefix = openPrefix
	case "qa":
		prefix = askPrefix
	default:
		return false
	}
	for _, e := range timedEntries(t.Counts, prefix) {
		if e.id == id {
			return true
		}
	}
	return false
}

// EntryIDs returns, for one stored answer's tally to an open or Q&A
// question, the results id of each entry it holds by the entry's text.
func EntryIDs(q *Question, tally map[string]int64) map[string]string {
	var prefix string
	switch q.Type {
	case "open":
		prefix = openPrefix
	case "qa":
		prefix = askPrefix
	default:
		return nil
	}
	out := map[string]string{}
	for _, e := range timedEntries(tally, prefix) {
		out[e.text] = e.id
	}
	return out
}
