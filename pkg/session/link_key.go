package session

import (
	"crypto/subtle"

	"github.com/ting-live/ting/pkg/model"
)

// linkKeyBytes is the length of a session's link key before encoding:
// 128 random bits, 22 characters of base64url.
const linkKeyBytes = 16

// newLinkKey returns a new session's link key. It rides in the join link
// and the QR code on the big screen, never in the code people type, so it
// is no secret from the room: it only tells a phone that opened the link
// from a guesser who types codes.
func newLinkKey() string { return randomToken(linkKeyBytes) }

// linkKeyMatches reports whether key is sess's link key, in constant time.
// A session without a key (stored before sessions had one) matches none.
func linkKeyMatches(sess *model.Session, key string) bool {
	return sess.LinkKey != "" && subtle.ConstantTimeCompare([]byte(sess.LinkKey), []byte(key)) == 1
}
