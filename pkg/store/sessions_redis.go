package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var _ SessionStore = (*RedisStore)(nil)

// createScript: KEYS session seq questions qids; ARGV n, n field/value pairs
// of the session hash, then question id/JSON pairs.
var createScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('TING_EXISTS session exists') end
local n = tonumber(ARGV[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2, 1 + 2 * n))
for i = 2 + 2 * n, #ARGV, 2 do
  redis.call('RPUSH', KEYS[3], ARGV[i + 1])
  redis.call('SADD', KEYS[4], ARGV[i])
end
redis.call('SET', KEYS[2], 1)
return 1`)

// CreateSession implements SessionStore. The join code is claimed first (SET NX),
// then the session is written in one script.
func (r *RedisStore) CreateSession(ctx context.Context, s *model.Session) error {
	created, err := s.CreatedAt.MarshalText()
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	questions := make([]any, 0, 2*len(s.Questions))
	for _, q := range s.Questions {
		body, err := json.Marshal(q)
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		questions = append(questions, q.ID, body)
	}
	if !s.ExpiresAt.IsZero() {
		// Listed first: a session whose creation fails leaves only this
		// entry behind, and the sweep's delete clears it.
		if err := r.rdb.ZAdd(ctx, r.expiryKey(), redis.Z{Score: float64(s.ExpiresAt.UnixMilli()), Member: s.ID}).Err(); err != nil {
			return fail("create session", err)
		}
	}
	code, err := r.claimCode(ctx, s.ID)
	if err != nil {
		return err
	}
	fields := []any{
		"id", s.ID, "code", code, "title", s.Title, "language", s.Language,
		"tokenHash", s.TokenHash, "createdAt", created,
		"q", s.State.QuestionID, "rv", flag(s.State.ResultsVisible), "lk", flag(s.State.Locked),
		"oa", unixMilli(s.State.OpenedAt), "dl", unixMilli(s.State.Deadline), "sb", s.State.SegmentBy,
		"pace", s.Pace, "minSegment", s.MinSegment, "expiresAt", unixMilli(s.ExpiresAt),
		"maxParticipants", s.MaxParticipants, "jc", flag(s.State.JoinsClosed),
		"closesAt", unixMilli(s.ClosesAt), "programme", s.Programme, "linkKey", s.LinkKey}
	args := append(append([]any{len(fields) / 2}, fields...), questions...)
	keys := []string{r.key(s.ID, "session"), r.key(s.ID, "seq"), r.key(s.ID, "questions"), r.key(s.ID, "qids")}
	if err := createScript.Run(ctx, r.rdb, keys, args...).Err(); err != nil {
		r.rdb.Del(context.WithoutCancel(ctx), r.codeKey(code)) // best effort: free the code again
		if err = fail("create session", err); errors.Is(err, errSessionExists) {
			return fmt.Errorf("store: session %s exists", s.ID)
		}
		return err
	}
	s.Code, s.Seq = code, 1
	return nil
}

func (r *RedisStore) claimCode(ctx context.Context, sessionID string) (string, error) {
	for range codeAttempts {
		code := NewCode()
		ok, err := r.rdb.SetNX(ctx, r.codeKey(code), sessionID, 0).Result()
		if err != nil {
			return "", fail("create session", err)
		}
		if ok {
			return code, nil
		}
	}
	return "", fmt.Errorf("store: no free join code: %w", ErrUnavailable)
}

// Session implements SessionStore.
func (r *RedisStore) Session(ctx context.Context, id string) (*model.Session, error) {
	var (
		hash *redis.MapStringStringCmd
		seq  *redis.StringCmd
	)
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		hash = p.HGetAll(ctx, r.key(id, "session"))
		seq = p.Get(ctx, r.key(id, "seq"))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fail("session", err)
	}
	h := hash.Val()
	if len(h) == 0 {
		return nil, ErrNotFound
	}
	s := &model.Session{
		ID: h["id"], Code: h["code"], Title: h["title"], Language: h["language"],
		State: model.State{
			QuestionID: h["q"], ResultsVisible: h["rv"] == "1", Locked: h["lk"] == "1",
			OpenedAt: fromMilli(h["oa"]), Deadline: fromMilli(h["dl"]), SegmentBy: h["sb"],
			JoinsClosed: h["jc"] == "1",
		},
	}
	s.MaxParticipants, _ = strconv.Atoi(h["maxParticipants"])
	s.Pace, s.ExpiresAt, s.ClosesAt = h["pace"], fromMilli(h["expiresAt"]), fromMilli(h["closesAt"])
	s.Programme, s.LinkKey = h["programme"], h["linkKey"]
	s.MinSegment, _ = strconv.Atoi(h["minSegment"])
	if th := h["tokenHash"]; th != "" {
		s.TokenHash = []byte(th)
	}
	if err := s.CreatedAt.UnmarshalText([]byte(h["createdAt"])); err != nil {
		return nil, fmt.Errorf("store: session: createdAt: %w", err)
	}
	if s.Seq, err = strconv.ParseUint(seq.Val(), 10, 64); err != nil {
		return nil, fmt.Errorf("store: session: seq: %w", err)
	}
	if s.Questions, err = r.questions(ctx, id, h["qv"]); err != nil {
		return nil, err
	}
	return s, nil
}

// questions returns a session's questions at version ver (the session
// hash's "qv", raised by every change to them): from this node's copy when
// it is of that version, else read and decoded once and kept.
func (r *RedisStore) questions(ctx context.Context, id, ver string) ([]poll.Question, error) {
	if qs, ok := r.qcache.get(id, ver); ok {
		return qs, nil
	}
	var (
		v  *redis.StringCmd
		qs *redis.StringSliceCmd
	)
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		v = p.HGet(ctx, r.key(id, "session"), "qv")
		qs = p.LRange(ctx, r.key(id, "questions"), 0, -1)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fail("session", err)
	}
	var out []poll.Question
	for _, body := range qs.Val() {
		var q poll.Question
		if err := json.Unmarshal([]byte(body), &q); err != nil {
			return nil, fmt.Errorf("store: session: question: %w", err)
		}
		out = append(out, q)
	}
	r.qcache.put(id, v.Val(), out)
	return slices.Clone(out), nil
}

// SessionIDByCode implements SessionStore.
func (r *RedisStore) SessionIDByCode(ctx context.Context, code string) (string, error) {
	id, err := r.rdb.Get(ctx, r.codeKey(code)).Result()
	if err != nil {
		return "", fail("session by code", err)
	}
	return id, nil
}

// DeleteSession implements SessionStore. The session hash goes first: every
// script that writes a session checks it, so once it is gone nothing new
// is written, and the rest of the session's keys are deleted after it.
func (r *RedisStore) DeleteSession(ctx context.Context, sessionID string) error {
	r.qcache.drop(sessionID)
	var code *redis.StringCmd
	var gone *redis.IntCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		code = p.HGet(ctx, r.key(sessionID, "session"), "code")
		gone = p.Del(ctx, r.key(sessionID, "session"))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return fail("delete session", err)
	}
	qids, err := r.rdb.SMembers(ctx, r.key(sessionID, "qids")).Result()
	if err != nil {
		return fail("delete session", err)
	}
	keys := []string{
		r.key(sessionID, "seq"), r.key(sessionID, "questions"), r.key(sessionID, "qids"),
		r.key(sessionID, "participants"), r.key(sessionID, "responses"), r.key(sessionID, "groups"),
		r.key(sessionID, "seen"), r.key(sessionID, "selections"),
	}
	for _, q := range qids {
		keys = append(keys, r.key(sessionID, "answers", q), r.key(sessionID, "order", q), r.key(sessionID, "tally", q))
	}
	if err := r.rdb.Del(ctx, keys...).Err(); err != nil {
		return fail("delete session", err)
	}
	if c := code.Val(); c != "" {
		// Only when the code still points here: codes are never reused
		// while held, but a freed one may belong to a new session.
		if err := delIfScript.Run(ctx, r.rdb, []string{r.codeKey(c)}, sessionID).Err(); err != nil {
			return fail("delete session", err)
		}
	}
	if err := r.rdb.ZRem(ctx, r.expiryKey(), sessionID).Err(); err != nil {
		return fail("delete session", err)
	}
	if err := r.dropMembers(ctx, sessionID); err != nil {
		return err
	}
	// Last, whatever else carries the session's tag (a removed question's
	// keys written by a change that lost the race with its removal); the
	// members are read above to clear the facilitators' indexes.
	if err := r.delMatching(ctx, sessionTag(r.prefix, sessionID)+":*"); err != nil {
		return fail("delete session", err)
	}
	if gone.Val() == 0 {
		return ErrNotFound
	}
	return nil
}

// delMatching deletes every key that matches pattern, on every shard.
func (r *RedisStore) delMatching(ctx context.Context, pattern string) error {
	del := func(ctx context.Context, c redis.Cmdable) error {
		iter := c.Scan(ctx, 0, pattern, 100).Iterator()
		for iter.Next(ctx) {
			if err := c.Del(ctx, iter.Val()).Err(); err != nil {
				return err
			}
		}
		return iter.Err()
	}
	if cc, ok := r.rdb.(*redis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return del(ctx, c) })
	}
	return del(ctx, r.rdb)
}

// delIfScript: KEYS key; ARGV value. Deletes key if it holds value.
var delIfScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

// Expired implements SessionStore.
func (r *RedisStore) Expired(ctx context.Context, now time.Time) ([]string, error) {
	ids, err := r.rdb.ZRangeByScore(ctx, r.expiryKey(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10),
	}).Result()
	if err != nil {
		return nil, fail("expired", err)
	}
	return ids, nil
}

// setFieldScript: KEYS session seq; ARGV field value.
var setFieldScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return redis.call('INCR', KEYS[2])`)

// SetMinSegment implements SessionStore.
func (r *RedisStore) SetMinSegment(ctx context.Context, sessionID string, n int) (uint64, error) {
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "seq")}
	seq, err := setFieldScript.Run(ctx, r.rdb, keys, "minSegment", n).Uint64()
	if err != nil {
		return 0, fail("set min segment", err)
	}
	return seq, nil
}

// SetMaxParticipants implements SessionStore.
func (r *RedisStore) SetMaxParticipants(ctx context.Context, sessionID string, n int) (uint64, error) {
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "seq")}
	seq, err := setFieldScript.Run(ctx, r.rdb, keys, "maxParticipants", n).Uint64()
	if err != nil {
		return 0, fail("set max participants", err)
	}
	return seq, nil
}

// SetClosesAt implements SessionStore.
func (r *RedisStore) SetClosesAt(ctx context.Context, sessionID string, at time.Time) (uint64, error) {
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "seq")}
	seq, err := setFieldScript.Run(ctx, r.rdb, keys, "closesAt", unixMilli(at)).Uint64()
	if err != nil {
		return 0, fail("set closes at", err)
	}
	return seq, nil
}
