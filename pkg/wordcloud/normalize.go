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
)

var folder = cases.Fold()

// Normalize returns an entry's display form (NFC, trimmed, inner white space
// collapsed to one space) and its key (the display form case-folded and in
// NFKC), under which equal words are counted together.
func Normalize(entry string) (display, key string, err error) {
	if !utf8.ValidString(entry) {
		return "", "", ErrControl
	}
	var b strings.Builder
	b.Grow(len(entry))
	space := false
	for _, r := range norm.NFC.String(entry) {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || r == utf8.RuneError:
			return "", "", ErrControl
		case unicode.Is(unicode.Cf, r): // zero-width and direction marks
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	display = b.String()
	if display == "" {
		return "", "", ErrEmpty
	}
	if utf8.RuneCountInString(display) > MaxLen {
		return "", "", ErrTooLong
	}
	key = norm.NFKC.String(folder.String(norm.NFKC.String(display)))
	return display, key, nil
}
