package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
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
//	T:session        hash: id code title language tokenHash createdAt pace minSegment maxParticipants
//	                 expiresAt, linkKey ("" or absent: none), qv (raised by every change to the questions, so a
//	                 node reads and decodes them again only when they changed),
//	                 and the state: q rv lk oa dl sb (question, results
//	                 visible, locked, opened at, deadline and the question the
//	                 screen's results are split by; times in Unix
//	                 milliseconds, 0 for none)
//	T:seq            the session's Seq
//	T:questions      list of question JSON, in order; T:qids the set of their ids
//	T:participants   hash TokenHash (SHA-256 of the token, hex) -> participant JSON, no token
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

var _ Health = (*RedisStore)(nil)

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
		{"TING_FULL", ErrFull},
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

// Ping implements Health.
func (r *RedisStore) Ping(ctx context.Context) error {
	if err := r.rdb.Ping(ctx).Err(); err != nil {
		return fail("ping", err)
	}
	return nil
}

// Close implements Health. It leaves the client open: the caller owns it.
func (r *RedisStore) Close() error { return nil }

func (r *RedisStore) expiryKey() string { return r.prefix + ":expiry" }

// Engine returns every concern of the store, each served by r.
func (r *RedisStore) Engine() Engine {
	return Engine{r, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r}
}
