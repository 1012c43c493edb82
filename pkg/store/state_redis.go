package store

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
)

var _ StateStore = (*RedisStore)(nil)

// updateStateScript: KEYS session qids seq; ARGV for q, rv, lk, oa, dl, sb,
// jc each a "set it" flag and a value. Returns q, rv, lk, oa, dl, sb, jc, seq.
var updateStateScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
for _, i in ipairs({1, 11}) do
  if ARGV[i] == '1' and ARGV[i + 1] ~= '' and redis.call('SISMEMBER', KEYS[2], ARGV[i + 1]) == 0 then
    return redis.error_reply('TING_NOQUESTION no such question')
  end
end
local fields = {'q', 'rv', 'lk', 'oa', 'dl', 'sb', 'jc'}
for i, f in ipairs(fields) do
  if ARGV[2 * i - 1] == '1' then redis.call('HSET', KEYS[1], f, ARGV[2 * i]) end
end
local st = redis.call('HMGET', KEYS[1], 'q', 'rv', 'lk', 'oa', 'dl', 'sb', 'jc')
return {st[1] or '', st[2] or '0', st[3] or '0', st[4] or '0', st[5] or '0', st[6] or '', st[7] or '0', redis.call('INCR', KEYS[3])}`)

// UpdateState implements StateStore.
func (r *RedisStore) UpdateState(ctx context.Context, sessionID string, p model.StatePatch) (model.State, uint64, error) {
	args := make([]any, 0, 14)
	args = append(args, flag(p.QuestionID != nil), "")
	if p.QuestionID != nil {
		args[1] = *p.QuestionID
	}
	for _, b := range []*bool{p.ResultsVisible, p.Locked} {
		args = append(args, flag(b != nil), flag(b != nil && *b))
	}
	for _, t := range []*time.Time{p.OpenedAt, p.Deadline} {
		v := "0"
		if t != nil {
			v = unixMilli(*t)
		}
		args = append(args, flag(t != nil), v)
	}
	sb := ""
	if p.SegmentBy != nil {
		sb = *p.SegmentBy
	}
	args = append(args, flag(p.SegmentBy != nil), sb)
	args = append(args, flag(p.JoinsClosed != nil), flag(p.JoinsClosed != nil && *p.JoinsClosed))
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "qids"), r.key(sessionID, "seq")}
	res, err := updateStateScript.Run(ctx, r.rdb, keys, args...).Slice()
	if err != nil {
		return model.State{}, 0, fail("update state", err)
	}
	str := func(i int) string { v, _ := res[i].(string); return v }
	seq, _ := res[7].(int64)
	return model.State{
		QuestionID: str(0), ResultsVisible: str(1) == "1", Locked: str(2) == "1",
		OpenedAt: fromMilli(str(3)), Deadline: fromMilli(str(4)), SegmentBy: str(5),
		JoinsClosed: str(6) == "1",
	}, uint64(seq), nil
}
