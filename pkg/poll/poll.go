// Package poll knows the question types: how a question is checked when it is
// created, how an answer is validated and folded into a tally, and how a tally
// becomes results. It is pure: no I/O, no clocks.
//
// Each question type is one file that registers a Kind: choice, wordcloud
// (with cloud.go), scale, ranking, open, qa and quiz (with names.go).
// moderation.go holds the facilitator's marks on entries; text.go the
// helpers of free-text types.
package poll

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Question is a question as created by the facilitator. Fields that a type
// does not use stay empty (its Check clears them). Phones see Public(): no
// quiz answers, no moderation, no lists of banned or flagged words.
type Question struct {
	ID         string   `json:"id"`
	Type       string   `json:"type"`
	Prompt     string   `json:"prompt"`
	Options    []string `json:"options,omitempty"`
	Multiple   bool     `json:"multiple,omitempty"`
	MaxEntries int      `json:"maxEntries,omitempty"`

	// Scale: the steps from Min to Max (default 1 to 5), one row of them
	// per statement (none: the prompt is the one statement).
	Min        *int     `json:"min,omitempty"`
	Max        *int     `json:"max,omitempty"`
	Statements []string `json:"statements,omitempty"`

	// Quiz: the right options and the countdown in seconds.
	Correct []int `json:"correct,omitempty"`
	Seconds int   `json:"seconds,omitempty"`

	// Word cloud: the language of its stop words and stems (sv, nb, da,
	// en; the service fills it from the session), whether the room sees stop
	// words, whether inflected forms are grouped, the words never shown
	// (Banned) or marked for review (Flagged), kept as keys (see
	// wordcloud.Key), and how many words the room sees (default 60).
	Language      string   `json:"language,omitempty"`
	KeepStopWords bool     `json:"keepStopWords,omitempty"`
	Stem          bool     `json:"stem,omitempty"`
	Banned        []string `json:"banned,omitempty"`
	Flagged       []string `json:"flagged,omitempty"`
	MaxWords      int      `json:"maxWords,omitempty"`

	// Open and Q&A: entries reach the room only once approved.
	Moderated bool `json:"moderated,omitempty"`

	// Moderation is the facilitator's: never sent to phones.
	Moderation *Moderation `json:"moderation,omitempty"`

	// Origin, on a question copied into a new run of a session, is the id of
	// the question it was first copied from; runs are compared through it.
	Origin string `json:"origin,omitempty"`

	// Category groups questions for an overview (a municipality's own
	// areas); a category's mean is that of its scale questions'
	// statements (see CategoryMeans).
	Category string `json:"category,omitempty"`
}

// Lineage is the id that a question and all its copies share.
func (q *Question) Lineage() string {
	if q.Origin != "" {
		return q.Origin
	}
	return q.ID
}

// base returns the fields every type keeps; a Check starts from it and adds
// its own, so fields of other types never linger.
func (q *Question) base() Question {
	return Question{ID: q.ID, Type: q.Type, Prompt: q.Prompt, Moderation: q.Moderation, Origin: q.Origin, Category: q.Category}
}

// Public returns the question as phones and the big screen may see it.
func (q Question) Public() Question {
	q.Moderation = nil
	q.Correct = nil
	q.Banned = nil
	q.Flagged = nil
	q.Origin = ""
	return q
}

// Context is what Parse may know besides the value.
type Context struct {
	// ParticipantID and Name identify who answers.
	ParticipantID string
	Name          string
	// Elapsed is the time since the question was opened (quiz points).
	Elapsed time.Duration
	// Now is the time of the answer (order and ids of open and Q&A entries).
	Now time.Time
	// Previous is the tally of the participant's earlier answer, if any;
	// filled only for types that ask for it (see NeedsPrevious).
	Previous map[string]int64
	// Cloud, for a word cloud, is what it holds now, to keep it within
	// MaxCloudWords; nil applies no cap.
	Cloud CloudSet
}

// Answer is a validated answer of one participant to one question.
type Answer struct {
	// Entries are the answer's parts in readable form, one export row each.
	Entries []string `json:"entries"`
	// Tally is what the answer adds to the question's counters.
	Tally map[string]int64 `json:"tally"`
}

// Tally is the aggregate of all answers to a question: the sum of their
// Tally maps, and how many participants answered.
type Tally struct {
	Responses int64
	Counts    map[string]int64
}

// Kind is one question type.
type Kind interface {
	// Check validates a new question and fills defaults. Its error is for a person.
	Check(q *Question) error
	// Parse validates a participant's value for q. Its error is for a person.
	Parse(q *Question, value json.RawMessage, c Context) (Answer, error)
	// Results renders a tally as the type's results fields for a viewer.
	Results(q *Question, t Tally, v View) any
}

// View says who looks at results.
type View struct {
	// Facilitator sees everything (hidden and unapproved entries, flags, all
	// words); the room (big screen, phones) sees what moderation allows.
	Facilitator bool
	// Selected names the entries (open answers, Q&A entries) the working
	// group selected, by id, with who selected each; the facilitator's view
	// marks them when Selected is not nil. SelectedOnly leaves every other
	// entry out.
	Selected     map[string]string
	SelectedOnly bool
}

// selection returns whether the facilitator's view marks entry id
// selected (nil in the room's view, or without Selected), who selected it,
// and whether the entry is left out.
func (v View) selection(id string) (selected *bool, by string, skip bool) {
	if !v.Facilitator || v.Selected == nil {
		return nil, "", false
	}
	by, on := v.Selected[id]
	return &on, by, v.SelectedOnly && !on
}

var kinds = map[string]Kind{}

func register(name string, k Kind) { kinds[name] = k }

// Lookup returns the Kind of a type name.
func Lookup(name string) (Kind, bool) {
	k, ok := kinds[name]
	return k, ok
}

// Types lists the registered type names, sorted.
func Types() []string {
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// MaxMaxEntries bounds a word cloud's entries per participant (the quotas
// are in limits.go).
const MaxMaxEntries = 10

// Check validates a new question of any type: the prompt, then the type's own rules.
func Check(q *Question) error {
	k, ok := Lookup(q.Type)
	if !ok {
		return fmt.Errorf("unknown question type %q (known: %s)", q.Type, strings.Join(Types(), ", "))
	}
	if strings.TrimSpace(q.Prompt) == "" {
		return fmt.Errorf("prompt is required")
	}
	prompt, err := CleanLabel(q.Prompt, MaxPromptLen, QuotaPromptLen, "prompt")
	if err != nil {
		return err
	}
	q.Prompt = prompt
	if q.Category != "" {
		if strings.TrimSpace(q.Category) == "" {
			return fmt.Errorf("category must have 1 to %d characters, or be left out", MaxCategoryLen)
		}
		category, err := CleanLabel(q.Category, MaxCategoryLen, QuotaCategoryLen, "category")
		if err != nil {
			return err
		}
		q.Category = category
	}
	return k.Check(q)
}

// Parse validates a value for q with q's Kind.
func Parse(q *Question, value json.RawMessage, c Context) (Answer, error) {
	k, ok := Lookup(q.Type)
	if !ok {
		return Answer{}, fmt.Errorf("unknown question type %q", q.Type)
	}
	if len(value) == 0 || string(value) == "null" {
		return Answer{}, fmt.Errorf("value is required")
	}
	return k.Parse(q, value, c)
}

// NeedsPrevious reports whether Parse of q's type builds on the
// participant's earlier answer (Context.Previous).
func NeedsPrevious(q *Question) bool {
	k, ok := Lookup(q.Type)
	if !ok {
		return false
	}
	_, ok = k.(interface{ needsPrevious() })
	return ok
}

// Results renders t for q as one JSON object: head's fields first, then the
// type's results fields. head must marshal to a JSON object.
func Results(q *Question, t Tally, v View, head any) ([]byte, error) {
	k, ok := Lookup(q.Type)
	if !ok {
		return nil, fmt.Errorf("poll: unknown question type %q", q.Type)
	}
	h, err := json.Marshal(head)
	if err != nil {
		return nil, fmt.Errorf("poll: encode results head: %w", err)
	}
	body, err := json.Marshal(k.Results(q, t, v))
	if err != nil {
		return nil, fmt.Errorf("poll: encode results: %w", err)
	}
	return joinObjects(h, body), nil
}

// joinObjects merges two encoded JSON objects into one.
func joinObjects(a, b []byte) []byte {
	if len(b) <= 2 { // "{}"
		return a
	}
	if len(a) <= 2 {
		return b
	}
	out := make([]byte, 0, len(a)+len(b))
	out = append(out, a[:len(a)-1]...)
	out = append(out, ',')
	return append(out, b[1:]...)
}

// checkOptions validates a list of option labels.
func checkOptions(opts []string, min int) ([]string, error) {
	if len(opts) < min {
		return nil, fmt.Errorf("at least %d options are required", min)
	}
	if len(opts) > MaxOptions {
		return nil, OverLimit(QuotaOptions, MaxOptions, "at most %d options are allowed", MaxOptions)
	}
	out := make([]string, len(opts))
	for i, o := range opts {
		o, err := CleanLabel(o, MaxOptionLen, QuotaOptionLen, fmt.Sprintf("option %d", i+1))
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}
