package poll

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ting-live/ting/pkg/wordcloud"
)

// noOptions refuses options on a type that has none.
func noOptions(q *Question, what string) error {
	if len(q.Options) > 0 {
		return fmt.Errorf("%s has no options", what)
	}
	return nil
}

// cleanText checks a participant's free text with the word cloud's rules
// (NFC, white space collapsed, no control characters) and at most max
// characters; what names the text in errors ("your answer").
func cleanText(s string, max int, what string) (string, error) {
	text, err := wordcloud.Clean(s, max)
	switch {
	case errors.Is(err, wordcloud.ErrEmpty):
		return "", fmt.Errorf("%s is empty", what)
	case errors.Is(err, wordcloud.ErrTooLong):
		return "", fmt.Errorf("%s is longer than %d characters", what, max)
	case errors.Is(err, wordcloud.ErrControl):
		return "", fmt.Errorf("%s contains control characters", what)
	case errors.Is(err, wordcloud.ErrMarks):
		return "", fmt.Errorf("%s is mostly combining marks", what)
	case err != nil:
		return "", fmt.Errorf("%s: %w", what, err)
	}
	return text, nil
}

// CleanLabel cleans a facilitator's text (a title, a prompt, an option, a
// statement) exactly as a participant's text is cleaned; text longer than
// max characters is a LimitError of quota.
func CleanLabel(s string, max int, quota, what string) (string, error) {
	if _, err := wordcloud.Clean(s, max); errors.Is(err, wordcloud.ErrTooLong) {
		return "", OverLimit(quota, max, "%s is longer than %d characters", what, max)
	}
	return cleanText(s, max, what)
}

// shortID returns a stable id of 16 hex digits for parts.
func shortID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Timed entries (open answers, Q&A asks) are tally keys of the form
// prefix + unix nanoseconds + sep + id + sep + text, so that their order,
// id and text survive in a tally.

// timedKey builds a timed entry's tally key.
func timedKey(prefix string, at time.Time, id, text string) string {
	return prefix + strconv.FormatInt(nanos(at), 10) + keySep + id + keySep + text
}

// nanos is t in unix nanoseconds; 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// timedEntry is one entry read back from a timed key.
type timedEntry struct {
	at       int64
	id, text string
}

// parseTimed reads a timed key without its prefix.
func parseTimed(k string) (timedEntry, bool) {
	at, rest, ok := strings.Cut(k, keySep)
	if !ok {
		return timedEntry{}, false
	}
	id, text, ok := strings.Cut(rest, keySep)
	if !ok {
		return timedEntry{}, false
	}
	n, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return timedEntry{}, false
	}
	return timedEntry{at: n, id: id, text: text}, true
}

// timedEntries returns the timed entries of counts under prefix that count
// at least once, oldest first (then by id).
func timedEntries(counts map[string]int64, prefix string) []timedEntry {
	var out []timedEntry
	for k, n := range counts {
		if n <= 0 || !strings.HasPrefix(k, prefix) {
			continue
		}
		if e, ok := parseTimed(k[len(prefix):]); ok {
			out = append(out, e)
		}
	}
	sortTimed(out)
	return out
}

func sortTimed(es []timedEntry) {
	slices.SortFunc(es, func(a, b timedEntry) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
}
