package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/poll"
)

// RedisConfig configures the Redis engine's Store and Broker.
type RedisConfig struct {
	// Client is a standalone, Sentinel or Cluster client. The caller owns it
	// and closes it after the store and the broker.
	Client redis.UniversalClient
	// Prefix starts every key and channel name; empty means "ting".
	Prefix string
}

func (c RedisConfig) prefix() string {
	if c.Prefix == "" {
		return "ting"
	}
	return c.Prefix
}

// sessionTag is the start of every key and channel of one session. The braces
// make it a hash tag: on a Cluster a session lives on one shard, so its Lua
// scripts and transactions may touch all of its keys.
func sessionTag(prefix, sessionID string) string {
	return prefix + ":{" + sessionID + "}"
}

// RedisStore keeps sessions in Redis so that many nodes can serve them.
//
// Keys, with T = <prefix>:{<sessionID>}:
//
//	T:session        hash: id code title language tokenHash createdAt pace minSegment
//	                 expiresAt, qv (raised by every change to the questions, so a
//	                 node reads and decodes them again only when they changed),
//	                 and the state: q rv lk oa dl sb (question, results
//	                 visible, locked, opened at, deadline and the question the
//	                 screen's results are split by; times in Unix
//	                 milliseconds, 0 for none)
//	T:seq            the session's Seq
//	T:questions      list of question JSON, in order; T:qids the set of their ids
//	T:participants   hash token -> participant JSON
//	T:responses      hash questionID -> participants who answered it
//	T:tally:<q>      hash counter -> n; a counter that reaches 0 is deleted
//	T:answers:<q>    hash participantID -> answer JSON
//	T:order:<q>      list of participantIDs, first answer first
//	T:groups         JSON of the session's groups
//	T:seen           sorted set: participantID scored by when it was last connected (Unix ms)
//	<prefix>:code:<code>  the session id of a join code
//	<prefix>:expiry  sorted set: session id, scored by its ExpiresAt in Unix ms
type RedisStore struct {
	rdb    redis.UniversalClient
	prefix string
	qcache questionCache
}

var _ Store = (*RedisStore)(nil)

// NewRedisStore returns a store on cfg.Client.
func NewRedisStore(cfg RedisConfig) *RedisStore {
	return &RedisStore{rdb: cfg.Client, prefix: cfg.prefix()}
}

func (r *RedisStore) key(sessionID string, parts ...string) string {
	return sessionTag(r.prefix, sessionID) + ":" + strings.Join(parts, ":")
}

func (r *RedisStore) codeKey(code string) string { return r.prefix + ":code:" + code }

// Refusals of the Lua scripts, and the errors they become.
var (
	errSessionExists = errors.New("store: session exists")
	refusals         = []struct {
		code string
		err  error
	}{
		{"TING_NOTFOUND", ErrNotFound},
		{"TING_NOQUESTION", ErrNoQuestion},
		{"TING_NOTCURRENT", ErrNotCurrent},
		{"TING_LOCKED", ErrLocked},
		{"TING_EXISTS", errSessionExists},
		{"TING_QUESTIONLIMIT", ErrQuestionLimit},
	}
)

// fail maps an error of Redis: a script's refusal becomes the package's
// error, redis.Nil is ErrNotFound, and anything else (a lost connection, a
// timeout) wraps both ErrUnavailable and the cause.
func fail(op string, err error) error {
	if errors.Is(err, redis.Nil) {
		return ErrNotFound
	}
	var re redis.Error
	if errors.As(err, &re) {
		msg := re.Error()
		for _, r := range refusals {
			if strings.Contains(msg, r.code) {
				return r.err
			}
		}
	}
	return fmt.Errorf("store: %s: %w: %w", op, ErrUnavailable, err)
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

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

// CreateSession implements Store. The join code is claimed first (SET NX),
// then the session is written in one script.
func (r *RedisStore) CreateSession(ctx context.Context, s *Session) error {
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
		"pace", s.Pace, "minSegment", s.MinSegment, "expiresAt", unixMilli(s.ExpiresAt)}
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

// Session implements Store.
func (r *RedisStore) Session(ctx context.Context, id string) (*Session, error) {
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
	s := &Session{
		ID: h["id"], Code: h["code"], Title: h["title"], Language: h["language"],
		State: State{
			QuestionID: h["q"], ResultsVisible: h["rv"] == "1", Locked: h["lk"] == "1",
			OpenedAt: fromMilli(h["oa"]), Deadline: fromMilli(h["dl"]), SegmentBy: h["sb"],
		},
	}
	s.Pace, s.ExpiresAt = h["pace"], fromMilli(h["expiresAt"])
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

// SessionIDByCode implements Store.
func (r *RedisStore) SessionIDByCode(ctx context.Context, code string) (string, error) {
	id, err := r.rdb.Get(ctx, r.codeKey(code)).Result()
	if err != nil {
		return "", fail("session by code", err)
	}
	return id, nil
}

// addQuestionScript: KEYS session questions qids seq; ARGV id JSON, the
// most questions a session holds.
var addQuestionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
if redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[3]) then return redis.error_reply('TING_QUESTIONLIMIT session is full') end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[1])
return {redis.call('INCR', KEYS[4]), redis.call('HINCRBY', KEYS[1], 'qv', 1)}`)

// AddQuestion implements Store: it refuses with ErrQuestionLimit when the
// session holds poll.MaxQuestions questions.
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

// updateStateScript: KEYS session qids seq; ARGV for q, rv, lk, oa, dl, sb
// each a "set it" flag and a value. Returns q, rv, lk, oa, dl, sb, seq.
var updateStateScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
for _, i in ipairs({1, 11}) do
  if ARGV[i] == '1' and ARGV[i + 1] ~= '' and redis.call('SISMEMBER', KEYS[2], ARGV[i + 1]) == 0 then
    return redis.error_reply('TING_NOQUESTION no such question')
  end
end
local fields = {'q', 'rv', 'lk', 'oa', 'dl', 'sb'}
for i, f in ipairs(fields) do
  if ARGV[2 * i - 1] == '1' then redis.call('HSET', KEYS[1], f, ARGV[2 * i]) end
end
local st = redis.call('HMGET', KEYS[1], 'q', 'rv', 'lk', 'oa', 'dl', 'sb')
return {st[1] or '', st[2] or '0', st[3] or '0', st[4] or '0', st[5] or '0', st[6] or '', redis.call('INCR', KEYS[3])}`)

// UpdateState implements Store.
func (r *RedisStore) UpdateState(ctx context.Context, sessionID string, p StatePatch) (State, uint64, error) {
	args := make([]any, 0, 12)
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
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "qids"), r.key(sessionID, "seq")}
	res, err := updateStateScript.Run(ctx, r.rdb, keys, args...).Slice()
	if err != nil {
		return State{}, 0, fail("update state", err)
	}
	str := func(i int) string { v, _ := res[i].(string); return v }
	seq, _ := res[6].(int64)
	return State{
		QuestionID: str(0), ResultsVisible: str(1) == "1", Locked: str(2) == "1",
		OpenedAt: fromMilli(str(3)), Deadline: fromMilli(str(4)), SegmentBy: str(5),
	}, uint64(seq), nil
}

// unixMilli encodes a time for the session hash: Unix milliseconds, "0" for none.
func unixMilli(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// fromMilli decodes unixMilli; "0", "" and garbage are no time.
func fromMilli(v string) time.Time {
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil || ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
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

// UpdateQuestion implements Store.
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

// ResetQuestion implements Store.
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

// RemoveQuestion implements Store.
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

// MoveQuestion implements Store.
func (r *RedisStore) MoveQuestion(ctx context.Context, sessionID, questionID string, index int) (uint64, error) {
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "questions"), r.key(sessionID, "qids"), r.key(sessionID, "seq")}
	seq, err := moveQuestionScript.Run(ctx, r.rdb, keys, questionID, index).Uint64()
	if err != nil {
		return 0, fail("move question", err)
	}
	return seq, nil
}

// addParticipantScript: KEYS session participants; ARGV token JSON.
var addParticipantScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND no session') end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return redis.call('HLEN', KEYS[2])`)

// AddParticipant implements Store.
func (r *RedisStore) AddParticipant(ctx context.Context, sessionID string, p Participant) (int64, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return 0, fmt.Errorf("store: add participant: %w", err)
	}
	keys := []string{r.key(sessionID, "session"), r.key(sessionID, "participants")}
	n, err := addParticipantScript.Run(ctx, r.rdb, keys, p.Token, body).Int64()
	if err != nil {
		return 0, fail("add participant", err)
	}
	return n, nil
}

// Participant implements Store.
func (r *RedisStore) Participant(ctx context.Context, sessionID, token string) (Participant, error) {
	body, err := r.rdb.HGet(ctx, r.key(sessionID, "participants"), token).Bytes()
	if err != nil {
		return Participant{}, fail("participant", err)
	}
	var p Participant
	if err := json.Unmarshal(body, &p); err != nil {
		return Participant{}, fmt.Errorf("store: participant: %w", err)
	}
	return p, nil
}

// ParticipantCount implements Store.
func (r *RedisStore) ParticipantCount(ctx context.Context, sessionID string) (int64, error) {
	var n *redis.IntCmd
	if err := r.readSession(ctx, "participant count", sessionID, func(p redis.Pipeliner) {
		n = p.HLen(ctx, r.key(sessionID, "participants"))
	}); err != nil {
		return 0, err
	}
	return n.Val(), nil
}

// readSession runs reads in one transaction after checking that the session exists.
func (r *RedisStore) readSession(ctx context.Context, op, sessionID string, reads func(redis.Pipeliner)) error {
	var exists *redis.IntCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.Exists(ctx, r.key(sessionID, "session"))
		reads(p)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return fail(op, err)
	}
	if exists.Val() == 0 {
		return ErrNotFound
	}
	return nil
}

// recordScript: KEYS session seq answers order tally responses qids; ARGV
// questionID participantID answerJSON answeredAt (Unix ms), then counter/n
// pairs of the answer's tally. The earlier answer's tally is read from its
// JSON (field "t").
var recordScript = redis.NewScript(`
local st = redis.call('HMGET', KEYS[1], 'id', 'q', 'lk', 'dl', 'pace')
if not st[1] then return redis.error_reply('TING_NOTFOUND no session') end
if st[5] == 'audience' then
  if ARGV[1] == '' or redis.call('SISMEMBER', KEYS[7], ARGV[1]) == 0 then return redis.error_reply('TING_NOTCURRENT no such question') end
elseif ARGV[1] == '' or st[2] ~= ARGV[1] then return redis.error_reply('TING_NOTCURRENT question is not current') end
if st[3] == '1' then return redis.error_reply('TING_LOCKED locked') end
local dl = tonumber(st[4] or '0') or 0
if dl > 0 and tonumber(ARGV[4]) > dl then return redis.error_reply('TING_LOCKED past the deadline') end
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

// Record implements Store with one Lua script: check the state, take the
// earlier answer's tally off, add the new one, store the answer, raise Seq.
func (r *RedisStore) Record(ctx context.Context, sessionID string, a Answer) (uint64, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return 0, fmt.Errorf("store: record answer: %w", err)
	}
	tally := a.Tally
	for k := range tally {
		if !utf8.ValidString(k) {
			// JSON makes such keys valid UTF-8; count under the key the
			// script will read back when this answer is replaced.
			var stored Answer
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

// Tally implements Store.
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

// Answer implements Store.
func (r *RedisStore) Answer(ctx context.Context, sessionID, questionID, participantID string) (Answer, error) {
	body, err := r.rdb.HGet(ctx, r.key(sessionID, "answers", questionID), participantID).Bytes()
	if err != nil {
		return Answer{}, fail("answer", err)
	}
	var a Answer
	if err := json.Unmarshal(body, &a); err != nil {
		return Answer{}, fmt.Errorf("store: answer: %w", err)
	}
	return a, nil
}

// Answers implements Store.
func (r *RedisStore) Answers(ctx context.Context, sessionID, questionID string) ([]Answer, error) {
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
	out := make([]Answer, 0, len(order.Val()))
	for _, pid := range order.Val() {
		body, ok := byP.Val()[pid]
		if !ok {
			continue
		}
		var a Answer
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return nil, fmt.Errorf("store: answers: %w", err)
		}
		out = append(out, a)
	}
	return out, nil
}

// Ping implements Store.
func (r *RedisStore) Ping(ctx context.Context) error {
	if err := r.rdb.Ping(ctx).Err(); err != nil {
		return fail("ping", err)
	}
	return nil
}

// Close implements Store. It leaves the client open: the caller owns it.
func (r *RedisStore) Close() error { return nil }
