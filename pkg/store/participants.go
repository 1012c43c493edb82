package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/ting-live/ting/pkg/model"
)

// ParticipantStore keeps the phones that joined a session. A participant's
// token is kept only as its SHA-256 (TokenHash): AddParticipant hashes the
// token of p, Participant hashes the token it is given, and the
// participants it returns carry no token.
type ParticipantStore interface {
	// AddParticipant stores a participant and returns how many the session
	// has. The cap and the add are one step: while the session has max
	// participants (its Cap) it refuses a new one with ErrFull, however many
	// joins are in flight on however many nodes. A participant already kept
	// under p's token is stored again in its place, counted once and never
	// refused.
	AddParticipant(ctx context.Context, sessionID string, p model.Participant, max int64) (int64, error)
	// Participant finds a participant by token, or returns ErrNotFound.
	Participant(ctx context.Context, sessionID, token string) (model.Participant, error)
	// ParticipantCount returns how many participants have joined.
	ParticipantCount(ctx context.Context, sessionID string) (int64, error)
}

// TokenHash is what every engine keeps of a participant's token, and looks
// it up by: the SHA-256 of the token, in hex.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// hashed returns p as the stores keep it, without its token, and the hash
// it is kept under.
func hashed(p model.Participant) (string, model.Participant) {
	h := TokenHash(p.Token)
	p.Token = ""
	return h, p
}
