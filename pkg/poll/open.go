package poll

import (
	"encoding/json"
	"fmt"
)

// open: one free-text answer per participant, shown as a list. When
// Moderated, an answer reaches the room only once the facilitator approves it.
type open struct{}

func init() { register("open", open{}) }

// MaxOpenLen is the longest open answer, in characters, once trimmed.
const MaxOpenLen = 500

func (open) Check(q *Question) error {
	if err := noOptions(q, "an open question"); err != nil {
		return err
	}
	out := q.base()
	out.Moderated = q.Moderated
	*q = out
	return nil
}

// Tally keys: "a<unix ns>\x00<id>\x00<text>" (see timedKey) counts 1 for the
// answer. The id is a hash of participant and text: the same text keeps its
// id (and so its moderation) when sent again; a new text is a new entry.
const openPrefix = "a"

func (open) Parse(_ *Question, value json.RawMessage, c Context) (Answer, error) {
	var s string
	if err := json.Unmarshal(value, &s); err != nil {
		return Answer{}, fmt.Errorf(`value must be text, like "more time to talk"`)
	}
	text, err := cleanText(s, MaxOpenLen, "your answer")
	if err != nil {
		return Answer{}, err
	}
	id := shortID("open", c.ParticipantID, text)
	return Answer{
		Entries: []string{text},
		Tally:   map[string]int64{timedKey(openPrefix, c.Now, id, text): 1},
	}, nil
}

// OpenAnswer is one answer of an open question. Hidden and Pending appear
// in the facilitator's view only.
type OpenAnswer struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Hidden  bool   `json:"hidden,omitempty"`
	Pending bool   `json:"pending,omitempty"`
	// Selected (the facilitator's view only): the working group selected
	// it; SelectedBy names who.
	Selected   *bool  `json:"selected,omitempty"`
	SelectedBy string `json:"selectedBy,omitempty"`
}

// OpenResults are the results fields of an open question.
type OpenResults struct {
	Answers []OpenAnswer `json:"answers"`
}

func (open) Results(q *Question, t Tally, v View) any {
	vis := q.visibility()
	entries := timedEntries(t.Counts, openPrefix)
	out := OpenResults{Answers: make([]OpenAnswer, 0, len(entries))}
	for _, e := range entries {
		hidden, pending := vis.flags(e.id)
		if !v.Facilitator && (hidden || pending) {
			continue
		}
		selected, by, skip := v.selection(e.id)
		if skip {
			continue
		}
		a := OpenAnswer{ID: e.id, Text: e.text, Selected: selected, SelectedBy: by}
		if v.Facilitator {
			a.Hidden, a.Pending = hidden, pending
		}
		out.Answers = append(out.Answers, a)
	}
	return out
}
