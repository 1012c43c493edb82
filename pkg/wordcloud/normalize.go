// Package wordcloud turns what people type into word-cloud words: one entry
// is one word (or short phrase), merged with others that differ only in case,
// white space or Unicode normal form, never by folding letters into other
// letters (får and far stay apart).
package wordcloud

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest entry, in characters, once trimmed.
const MaxLen = 50

// Errors for entries that cannot be words.
var (
	// ErrEmpty: the entry holds nothing but white space.
	ErrEmpty = errors.New("entry is empty")
	// ErrTooLong: the entry is longer than MaxLen characters.
	ErrTooLong = fmt.Errorf("entry is longer than %d characters", MaxLen)
	// ErrControl: the entry holds control characters.
	ErrControl = errors.New("entry contains control characters")
	// ErrMarks: more than half of the entry's characters are combining
	// marks (stacked "Zalgo" text that spills over the lines around it).
	ErrMarks = errors.New("entry is mostly combining marks")
)

var folder = cases.Fold()

// Normalize returns an entry's display form (NFC, trimmed, inner white space
// collapsed to one space) and its key (the display form case-folded and in
// NFKC), under which equal words are counted together.
func Normalize(entry string) (display, key string, err error) {
	display, err = Clean(entry, MaxLen)
	if err != nil {
		return "", "", err
	}
	return display, keyOf(display), nil
}

// Key returns the key of an entry or of a word as results show it: what a
// facilitator's hidden, banned and flagged words are compared by.
func Key(entry string) (string, error) {
	_, key, err := Normalize(entry)
	return key, err
}

func keyOf(display string) string {
	return norm.NFKC.String(folder.String(norm.NFKC.String(display)))
}

// Clean returns text as shown to people: NFC, trimmed, inner white space
// (line breaks too) collapsed to one space, zero-width and direction marks
// dropped, except the zero-width joiner inside an emoji sequence (👩‍💻). It
// refuses invalid UTF-8 and control characters (ErrControl), text with
// nothing left (ErrEmpty), text that is mostly combining marks (ErrMarks)
// and text longer than max characters (an error that matches ErrTooLong
// with errors.Is).
func Clean(text string, max int) (string, error) {
	if !utf8.ValidString(text) {
		return "", ErrControl
	}
	// Zero-width and direction marks go before NFC: left in between, they
	// keep a letter and its accent apart, and the display form would not be NFC.
	text = dropFormat(text)
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range norm.NFC.String(text) {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || r == utf8.RuneError:
			return "", ErrControl
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if out == "" {
		return "", ErrEmpty
	}
	if mostlyMarks(out) {
		return "", ErrMarks
	}
	if utf8.RuneCountInString(out) > max {
		if max == MaxLen {
			return "", ErrTooLong
		}
		return "", tooLong(max)
	}
	return out, nil
}

// tooLong is ErrTooLong for another limit than MaxLen.
type tooLong int

func (t tooLong) Error() string      { return fmt.Sprintf("entry is longer than %d characters", int(t)) }
func (tooLong) Is(target error) bool { return target == ErrTooLong }

// zwj joins emoji into one picture (👩 + ZWJ + 💻 is 👩‍💻).
const zwj = '\u200d'

// dropFormat removes format characters (zero-width spaces, direction
// marks), keeping a zero-width joiner that stands between two parts of an
// emoji sequence.
func dropFormat(text string) string {
	if !strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) {
		return text
	}
	rs := []rune(text)
	var b strings.Builder
	b.Grow(len(text))
	for i, r := range rs {
		if unicode.Is(unicode.Cf, r) {
			if r != zwj || i == 0 || i == len(rs)-1 || !emojiPart(rs[i-1]) || !emojiPart(rs[i+1]) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// emojiPart reports whether r can stand beside a joiner in an emoji
// sequence: a pictograph, a skin tone, the emoji variation selector.
func emojiPart(r rune) bool {
	return unicode.Is(unicode.So, r) || r == '\ufe0f' || (r >= 0x1f3fb && r <= 0x1f3ff)
}

// mostlyMarks reports whether more than half of the characters of text
// (spaces aside) are combining marks. Variation selectors and the keycap
// mark are parts of emoji, not marks that stack.
func mostlyMarks(text string) bool {
	marks, all := 0, 0
	for _, r := range text {
		switch {
		case r == ' ':
			continue
		case unicode.Is(unicode.M, r) && !unicode.Is(unicode.Variation_Selector, r) && r != '\u20e3':
			marks++
		}
		all++
	}
	return 2*marks > all
}
