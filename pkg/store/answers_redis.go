package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var _ AnswerStore = (*RedisStore)(nil)

// recordScript: KEYS session seq answers order tally responses qids; ARGV
// questionID participantID answerJSON answeredAt (Unix ms), then counter/n
// pairs of the answer's tally. The earlier answer's tally is read from its
// JSON (field "t").
var recordScript = redis.NewScript(`
local st = redis.call('HMGET', KEYS[1], 'id', 'q', 'lk', 'dl', 'pace', 'closesAt')
if not st[1] then return redis.error_reply('TING_NOTFOUND no session') end
if st[5] == 'audience' then
  if ARGV[1] == '' or redis.call('SISMEMBER', KEYS[7], ARGV[1]) == 0 then return redis.error_reply('TING_NOTCURRENT no such question') end
elseif ARGV[1] == '' or st[2] ~= ARGV[1] then return redis.error_reply('TING_NOTCURRENT question is not current') end
if st[3] == '1' then return redis.error_reply('TING_LOCKED locked') end
local dl = tonumber(st[4] or '0') or 0
if dl > 0 and tonumber(ARGV[4]) > dl then return redis.error_reply('TING_LOCKED past the deadline') end
local ca = tonumber(st[6] or '0') or 0
if ca > 0 and tonumber(ARGV[4]) >= ca then return redis.error_reply('TING_LOCKED the session is closed') end
local old = redis.call('HGET', KEYS[3], ARGV[2])
if old then
  local t = cjson.decode(old)['t']
  if type(t) == 'table' then
    for k, n in pairs(t) do
      if redis.call('HINCRBY', KEYS[5], k, -n) == 0 then redis.call('HDEL', KEYS[5], k) end
    end
  end
else
  redis.call('HINCRBY', KEYS[6], ARGV[1], 1)
  redis.call('RPUSH', KEYS[4], ARGV[2])
end
for i = 5, #ARGV, 2 do
  if redis.call('HINCRBY', KEYS[5], ARGV[i], ARGV[i + 1]) == 0 then redis.call('HDEL', KEYS[5], ARGV[i]) end
end
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
return redis.call('INCR', KEYS[2])`)

// Record implements AnswerStore with one Lua script: check the state, take the
// earlier answer's tally off, add the new one, store the answer, raise Seq.
func (r *RedisStore) Record(ctx context.Context, sessionID string, a model.Answer) (uint64, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return 0, fmt.Errorf("store: record answer: %w", err)
	}
	tally := a.Tally
	for k := range tally {
		if !utf8.ValidString(k) {
			// JSON makes such keys valid UTF-8; count under the key the
			// script will read back when this answer is replaced.
			var stored model.Answer
			if err := json.Unmarshal(body, &stored); err != nil {
				return 0, fmt.Errorf("store: record answer: %w", err)
			}
			tally = stored.Tally
			break
		}
	}
	args := make([]any, 0, 4+2*len(tally))
	args = append(args, a.QuestionID, a.ParticipantID, body, a.At.UnixMilli())
	for k, n := range tally {
		args = append(args, k, n)
	}
	keys := []string{
		r.key(sessionID, "session"), r.key(sessionID, "seq"),
		r.key(sessionID, "answers", a.QuestionID), r.key(sessionID, "order", a.QuestionID),
		r.key(sessionID, "tally", a.QuestionID), r.key(sessionID, "responses"), r.key(sessionID, "qids"),
	}
	seq, err := recordScript.Run(ctx, r.rdb, keys, args...).Uint64()
	if err != nil {
		return 0, fail("record answer", err)
	}
	return seq, nil
}

// Tally implements AnswerStore.
func (r *RedisStore) Tally(ctx context.Context, sessionID, questionID string) (poll.Tally, error) {
	var (
		counts *redis.MapStringStringCmd
		resp   *redis.StringCmd
	)
	if err := r.readSession(ctx, "tally", sessionID, func(p redis.Pipeliner) {
		counts = p.HGetAll(ctx, r.key(sessionID, "tally", questionID))
		resp = p.HGet(ctx, r.key(sessionID, "responses"), questionID)
	}); err != nil {
		return poll.Tally{}, err
	}
	t := poll.Tally{Counts: make(map[string]int64, len(counts.Val()))}
	for k, v := range counts.Val() {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return poll.Tally{}, fmt.Errorf("store: tally: %w", err)
		}
		if n != 0 {
			t.Counts[k] = n
		}
	}
	if v := resp.Val(); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return poll.Tally{}, fmt.Errorf("store: tally: %w", err)
		}
		t.Responses = n
	}
	return t, nil
}

// Answer implements AnswerStore.
func (r *RedisStore) Answer(ctx context.Context, sessionID, questionID, participantID string) (model.Answer, error) {
	body, err := r.rdb.HGet(ctx, r.key(sessionID, "answers", questionID), participantID).Bytes()
	if err != nil {
		return model.Answer{}, fail("answer", err)
	}
	var a model.Answer
	if err := json.Unmarshal(body, &a); err != nil {
		return model.Answer{}, fmt.Errorf("store: answer: %w", err)
	}
	return a, nil
}

// Answers implements AnswerStore.
func (r *RedisStore) Answers(ctx context.Context, sessionID, questionID string) ([]model.Answer, error) {
	var (
		order *redis.StringSliceCmd
		byP   *redis.MapStringStringCmd
	)
	if err := r.readSession(ctx, "answers", sessionID, func(p redis.Pipeliner) {
		order = p.LRange(ctx, r.key(sessionID, "order", questionID), 0, -1)
		byP = p.HGetAll(ctx, r.key(sessionID, "answers", questionID))
	}); err != nil {
		return nil, err
	}
	out := make([]model.Answer, 0, len(order.Val()))
	for _, pid := range order.Val() {
		body, ok := byP.Val()[pid]
		if !ok {
			continue
		}
		var a model.Answer
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return nil, fmt.Errorf("store: answers: %w", err)
		}
		out = append(out, a)
	}
	return out, nil
}
