package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
)

var _ SelectionStore = (*RedisStore)(nil)

// selectScript: KEYS session selections seq; ARGV entry id, JSON of the
// selection ("" to unselect). Selecting again keeps the first selection.
var selectScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
if ARGV[2] == '' then redis.call('HDEL', KEYS[2], ARGV[1]) else redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) end
return redis.call('INCR', KEYS[3])`)

// Select implements SelectionStore: one hash a session, entry id -> JSON.
func (r *RedisStore) Select(ctx context.Context, sessionID string, sel model.Selection, on bool) (uint64, error) {
	body := ""
	if on {
		b, err := json.Marshal(sel)
		if err != nil {
			return 0, fmt.Errorf("store: select: %w", err)
		}
		body = string(b)
	}
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "selections"), r.key(sessionID, "seq")}
	seq, err := selectScript.Run(ctx, r.rdb, keys, sel.EntryID, body).Uint64()
	if err != nil {
		return 0, fail("select", err)
	}
	return seq, nil
}

// Selections implements SelectionStore.
func (r *RedisStore) Selections(ctx context.Context, sessionID string) ([]model.Selection, error) {
	var h *redis.MapStringStringCmd
	err := r.readSession(ctx, "selections", sessionID, func(p redis.Pipeliner) {
		h = p.HGetAll(ctx, r.key(sessionID, "selections"))
	})
	if err != nil {
		return nil, err
	}
	out := make([]model.Selection, 0, len(h.Val()))
	for _, v := range h.Val() {
		var s model.Selection
		if err := json.Unmarshal([]byte(v), &s); err != nil {
			return nil, fmt.Errorf("store: selections: %w", err)
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b model.Selection) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.EntryID, b.EntryID)
	})
	return out, nil
}
