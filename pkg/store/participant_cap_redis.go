package store

import "context"

// SetMaxParticipants implements ParticipantCap.
func (r *RedisStore) SetMaxParticipants(ctx context.Context, sessionID string, n int) (uint64, error) {
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "seq")}
	seq, err := setFieldScript.Run(ctx, r.rdb, keys, "maxParticipants", n).Uint64()
	if err != nil {
		return 0, fail("set max participants", err)
	}
	return seq, nil
}
