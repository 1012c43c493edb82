package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/poll"
)

var _ QuestionStore = (*RedisStore)(nil)

// addQuestionScript: KEYS session questions qids seq; ARGV id JSON, the
// most questions a session holds. Returns seq and the questions' version.
var addQuestionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
if redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[3]) then return redis.error_reply('TING_QUESTIONLIMIT session is full') end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[1])
return {redis.call('INCR', KEYS[4]), redis.call('HINCRBY', KEYS[1], 'qv', 1)}`)

// AddQuestion implements QuestionStore: it refuses with ErrQuestionLimit
// when the session holds poll.MaxQuestions questions.
func (r *RedisStore) AddQuestion(ctx context.Context, sessionID string, q poll.Question) (uint64, error) {
	body, err := json.Marshal(q)
	if err != nil {
		return 0, fmt.Errorf("store: add question: %w", err)
	}
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "questions"), r.key(sessionID, "qids"), r.key(sessionID, "seq")}
	res, err := addQuestionScript.Run(ctx, r.rdb, keys, q.ID, body, poll.MaxQuestions).Int64Slice()
	if err != nil {
		return 0, fail("add question", err)
	}
	r.qcache.change(sessionID, res[1], func(qs []poll.Question) []poll.Question { return append(qs, q) })
	return uint64(res[0]), nil
}

// updateQuestionScript: KEYS session questions qids seq; ARGV id JSON.
var updateQuestionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then return redis.error_reply('TING_NOQUESTION no such question') end
local qs = redis.call('LRANGE', KEYS[2], 0, -1)
for i, body in ipairs(qs) do
  if cjson.decode(body)['id'] == ARGV[1] then
    redis.call('LSET', KEYS[2], i - 1, ARGV[2])
    return {redis.call('INCR', KEYS[4]), redis.call('HINCRBY', KEYS[1], 'qv', 1)}
  end
end
return redis.error_reply('TING_NOQUESTION no such question')`)

// UpdateQuestion implements QuestionStore.
func (r *RedisStore) UpdateQuestion(ctx context.Context, sessionID string, q poll.Question) (uint64, error) {
	body, err := json.Marshal(q)
	if err != nil {
		return 0, fmt.Errorf("store: update question: %w", err)
	}
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "questions"), r.key(sessionID, "qids"), r.key(sessionID, "seq")}
	res, err := updateQuestionScript.Run(ctx, r.rdb, keys, q.ID, body).Int64Slice()
	if err != nil {
		return 0, fail("update question", err)
	}
	r.qcache.change(sessionID, res[1], func(qs []poll.Question) []poll.Question {
		for i := range qs {
			if qs[i].ID == q.ID {
				qs[i] = q
			}
		}
		return qs
	})
	return uint64(res[0]), nil
}

// resetQuestionScript: KEYS session qids seq answers order tally responses; ARGV id.
var resetQuestionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 0 then return redis.error_reply('TING_NOQUESTION no such question') end
redis.call('DEL', KEYS[4], KEYS[5], KEYS[6])
redis.call('HDEL', KEYS[7], ARGV[1])
return redis.call('INCR', KEYS[3])`)

// ResetQuestion implements QuestionStore.
func (r *RedisStore) ResetQuestion(ctx context.Context, sessionID, questionID string) (uint64, error) {
	keys := []string{
		r.key(sessionID, "session"), r.key(sessionID, "qids"), r.key(sessionID, "seq"),
		r.key(sessionID, "answers", questionID), r.key(sessionID, "order", questionID),
		r.key(sessionID, "tally", questionID), r.key(sessionID, "responses"),
	}
	seq, err := resetQuestionScript.Run(ctx, r.rdb, keys, questionID).Uint64()
	if err != nil {
		return 0, fail("reset question", err)
	}
	return seq, nil
}

// removeQuestionScript: KEYS session questions qids seq answers order tally
// responses; ARGV id. A current question stops being current; a split by it
// ends.
var removeQuestionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
if redis.call('SREM', KEYS[3], ARGV[1]) == 0 then return redis.error_reply('TING_NOQUESTION no such question') end
for _, body in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  if cjson.decode(body)['id'] == ARGV[1] then
    redis.call('LREM', KEYS[2], 1, body)
    break
  end
end
if redis.call('HGET', KEYS[1], 'q') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'q', '', 'oa', '0', 'dl', '0')
end
if redis.call('HGET', KEYS[1], 'sb') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'sb', '')
end
redis.call('DEL', KEYS[5], KEYS[6], KEYS[7])
redis.call('HDEL', KEYS[8], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'qv', 1)
return redis.call('INCR', KEYS[4])`)

// RemoveQuestion implements QuestionStore.
func (r *RedisStore) RemoveQuestion(ctx context.Context, sessionID, questionID string) (uint64, error) {
	keys := []string{
		r.key(sessionID, "session"), r.key(sessionID, "questions"), r.key(sessionID, "qids"), r.key(sessionID, "seq"),
		r.key(sessionID, "answers", questionID), r.key(sessionID, "order", questionID),
		r.key(sessionID, "tally", questionID), r.key(sessionID, "responses"),
	}
	seq, err := removeQuestionScript.Run(ctx, r.rdb, keys, questionID).Uint64()
	if err != nil {
		return 0, fail("remove question", err)
	}
	return seq, nil
}

// moveQuestionScript: KEYS session questions qids seq; ARGV id index (0 first).
var moveQuestionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then return redis.error_reply('TING_NOQUESTION no such question') end
local qs = redis.call('LRANGE', KEYS[2], 0, -1)
local body
for i, b in ipairs(qs) do
  if cjson.decode(b)['id'] == ARGV[1] then
    body = table.remove(qs, i)
    break
  end
end
if not body then return redis.error_reply('TING_NOQUESTION no such question') end
local to = math.min(math.max(tonumber(ARGV[2]), 0), #qs) + 1
table.insert(qs, to, body)
redis.call('DEL', KEYS[2])
for _, b in ipairs(qs) do redis.call('RPUSH', KEYS[2], b) end
redis.call('HINCRBY', KEYS[1], 'qv', 1)
return redis.call('INCR', KEYS[4])`)

// MoveQuestion implements QuestionStore.
func (r *RedisStore) MoveQuestion(ctx context.Context, sessionID, questionID string, index int) (uint64, error) {
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "questions"), r.key(sessionID, "qids"), r.key(sessionID, "seq")}
	seq, err := moveQuestionScript.Run(ctx, r.rdb, keys, questionID, index).Uint64()
	if err != nil {
		return 0, fail("move question", err)
	}
	return seq, nil
}
