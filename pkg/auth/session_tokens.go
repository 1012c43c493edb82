package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
)

// A session's v1 facilitator token: made when the session is created,
// shown once, and kept only as its SHA-256. It is checked here, at the
// edge, never in the session service.

// NewSessionToken returns a new session's facilitator token and the hash
// the store keeps of it.
func NewSessionToken() (token string, hash []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: random source failed: " + err.Error())
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, sessionTokenHash(token)
}

// SessionTokenMatches reports whether token is the facilitator token whose
// hash the session keeps, comparing the hashes in constant time.
func SessionTokenMatches(hash []byte, token string) bool {
	return subtle.ConstantTimeCompare(sessionTokenHash(token), hash) == 1
}

func sessionTokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
