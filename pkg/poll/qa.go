package poll

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// qa: the room asks questions and upvotes each other's; the most wanted
// rise to the top. A participant's stored answer holds all its asks and
// upvotes: each new value is added to the previous tally (Context.Previous),
// so replacing the answer loses nothing.
type qa struct{}

func init() { register("qa", qa{}) }

// Limits of Q&A.
const (
	MaxAskLen = 280 // characters of one question
	MaxAsks   = 5   // questions one participant may ask
)

// needsPrevious: Parse builds on the participant's earlier answer.
func (qa) needsPrevious() {}

func (qa) Check(q *Question) error {
	if err := noOptions(q, "a Q&A"); err != nil {
		return err
	}
	out := q.base()
	out.Moderated = q.Moderated
	*q = out
	return nil
}

// Tally keys: "q<unix ns>\x00<id>\x00<text>" (see timedKey) counts 1 per
// asked question; "u<id>" counts 1 per participant who upvoted entry id.
// An ask's id is a hash of participant, time and how many it asked before.
const (
	askPrefix    = "q"
	upvotePrefix = "u"
)

type qaValue struct {
	Ask    *string `json:"ask"`
	Upvote *string `json:"upvote"`
}

func (qa) Parse(_ *Question, value json.RawMessage, c Context) (Answer, error) {
	var in qaValue
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() || (in.Ask == nil) == (in.Upvote == nil) {
		return Answer{}, fmt.Errorf(`value must be {"ask": "your question"} or {"upvote": "<entry id>"}`)
	}
	tally := make(map[string]int64, len(c.Previous)+1)
	asks := 0
	for k, n := range c.Previous {
		if n > 0 {
			tally[k] = n
			if strings.HasPrefix(k, askPrefix) {
				asks++
			}
		}
	}
	if in.Ask != nil {
		text, err := cleanText(*in.Ask, MaxAskLen, "your question")
		if err != nil {
			return Answer{}, err
		}
		// The same text again from one participant is a resend (its ack was
		// lost on the way): the answer stays as it is, one ask.
		resent := slices.ContainsFunc(timedEntries(tally, askPrefix), func(e timedEntry) bool { return e.text == text })
		switch {
		case resent:
		case asks >= MaxAsks:
			return Answer{}, fmt.Errorf("you can ask at most %d questions", MaxAsks)
		default:
			id := shortID("qa", c.ParticipantID, strconv.FormatInt(nanos(c.Now), 10), strconv.Itoa(asks))
			tally[timedKey(askPrefix, c.Now, id, text)] = 1
		}
	} else {
		id := strings.TrimSpace(*in.Upvote)
		if !validID(id) {
			return Answer{}, fmt.Errorf("upvote must be the id of an entry")
		}
		tally[upvotePrefix+id] = 1 // again: no change
	}
	a := Answer{Tally: tally}
	for _, e := range timedEntries(tally, askPrefix) {
		a.Entries = append(a.Entries, e.text)
	}
	return a, nil
}

// QAEntry is one asked question. Hidden and Pending appear in the
// facilitator's view only.
type QAEntry struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Votes    int64  `json:"votes"`
	Answered bool   `json:"answered"`
	Hidden   bool   `json:"hidden,omitempty"`
	Pending  bool   `json:"pending,omitempty"`
	// Selected (the facilitator's view only): the working group selected
	// it; SelectedBy names who.
	Selected   *bool  `json:"selected,omitempty"`
	SelectedBy string `json:"selectedBy,omitempty"`
}

// QAResults are the results fields of a Q&A: most votes first, then oldest.
type QAResults struct {
	Entries []QAEntry `json:"entries"`
}

func (qa) Results(q *Question, t Tally, v View) any {
	vis := q.visibility()
	answered := q.marked(MarkAnswered)
	asks := timedEntries(t.Counts, askPrefix)
	out := QAResults{Entries: make([]QAEntry, 0, len(asks))}
	for _, e := range asks {
		hidden, pending := vis.flags(e.id)
		if !v.Facilitator && (hidden || pending) {
			continue
		}
		selected, by, skip := v.selection(e.id)
		if skip {
			continue
		}
		en := QAEntry{ID: e.id, Text: e.text, Votes: max(0, t.Counts[upvotePrefix+e.id]), Answered: answered[e.id],
			Selected: selected, SelectedBy: by}
		if v.Facilitator {
			en.Hidden, en.Pending = hidden, pending
		}
		out.Entries = append(out.Entries, en)
	}
	// asks are oldest first already: a stable sort by votes keeps that order.
	slices.SortStableFunc(out.Entries, func(a, b QAEntry) int { return cmp.Compare(b.Votes, a.Votes) })
	return out
}
