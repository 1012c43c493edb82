package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/poll"
)

var (
	_ ProgrammeStore = (*RedisStore)(nil)
	_ TallyReader    = (*RedisStore)(nil)
)

// A programme's keys, with P = <prefix>:{p:<programmeID>} (a hash tag of
// its own: a programme and each of its sessions may live in different
// slots, and nothing reads them in one command):
//
//	P:programme   JSON of the programme without its sessions
//	P:sessions    list of its sessions' ids, oldest first
//	<prefix>:owner:<ownerID>:programmes  sorted set: programme id by created (Unix ms)
func (r *RedisStore) programmeKey(id, part string) string {
	return r.prefix + ":{p:" + id + "}:" + part
}

func (r *RedisStore) ownerProgrammesKey(ownerID string) string {
	return r.prefix + ":owner:" + ownerID + ":programmes"
}

// CreateProgramme implements ProgrammeStore.
func (r *RedisStore) CreateProgramme(ctx context.Context, p model.Programme) error {
	head := p
	head.Sessions = nil
	v, err := json.Marshal(head)
	if err != nil {
		return fmt.Errorf("store: create programme: %w", err)
	}
	_, err = r.rdb.TxPipelined(ctx, func(pl redis.Pipeliner) error {
		pl.Set(ctx, r.programmeKey(p.ID, "programme"), v, 0)
		pl.Del(ctx, r.programmeKey(p.ID, "sessions"))
		if len(p.Sessions) > 0 {
			pl.RPush(ctx, r.programmeKey(p.ID, "sessions"), toAny(p.Sessions)...)
		}
		return nil
	})
	if err != nil {
		return fail("create programme", err)
	}
	if err := r.rdb.ZAdd(ctx, r.ownerProgrammesKey(p.OwnerID), redis.Z{Score: float64(p.CreatedAt.UnixMilli()), Member: p.ID}).Err(); err != nil {
		return fail("create programme", err)
	}
	return nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// programmeReads queues the reads of one programme on p.
func (r *RedisStore) programmeReads(ctx context.Context, p redis.Pipeliner, id string) (*redis.StringCmd, *redis.StringSliceCmd) {
	return p.Get(ctx, r.programmeKey(id, "programme")), p.LRange(ctx, r.programmeKey(id, "sessions"), 0, -1)
}

func decodeProgramme(head *redis.StringCmd, sessions *redis.StringSliceCmd) (model.Programme, error) {
	var p model.Programme
	if errors.Is(head.Err(), redis.Nil) {
		return p, ErrNotFound
	}
	if head.Err() != nil {
		return p, fail("programme", head.Err())
	}
	if err := json.Unmarshal([]byte(head.Val()), &p); err != nil {
		return p, fmt.Errorf("store: programme: %w", err)
	}
	p.Sessions = sessions.Val()
	if p.Sessions == nil {
		p.Sessions = []string{}
	}
	return p, nil
}

// Programme implements ProgrammeStore.
func (r *RedisStore) Programme(ctx context.Context, id string) (model.Programme, error) {
	var head *redis.StringCmd
	var sessions *redis.StringSliceCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		head, sessions = r.programmeReads(ctx, p, id)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return model.Programme{}, fail("programme", err)
	}
	return decodeProgramme(head, sessions)
}

// Programmes implements ProgrammeStore: the owner's index, then each
// programme's two keys, in one pipeline (one slot a programme).
func (r *RedisStore) Programmes(ctx context.Context, ownerID string) ([]model.Programme, error) {
	ids, err := r.rdb.ZRevRange(ctx, r.ownerProgrammesKey(ownerID), 0, -1).Result()
	if err != nil {
		return nil, fail("programmes", err)
	}
	heads := make([]*redis.StringCmd, len(ids))
	lists := make([]*redis.StringSliceCmd, len(ids))
	if len(ids) > 0 {
		_, err = r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range ids {
				heads[i], lists[i] = r.programmeReads(ctx, p, id)
			}
			return nil
		})
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, fail("programmes", err)
		}
	}
	out := []model.Programme{}
	for i := range ids {
		p, err := decodeProgramme(heads[i], lists[i])
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	sortProgrammes(out)
	return out, nil
}

// addProgrammeSessionScript: KEYS programme, sessions; ARGV session id.
var addProgrammeSessionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND') end
for _, v in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  if v == ARGV[1] then return 0 end
end
return redis.call('RPUSH', KEYS[2], ARGV[1])`)

// removeProgrammeSessionScript: KEYS programme, sessions; ARGV session id.
var removeProgrammeSessionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND') end
return redis.call('LREM', KEYS[2], 0, ARGV[1])`)

// AddProgrammeSession implements ProgrammeStore.
func (r *RedisStore) AddProgrammeSession(ctx context.Context, programmeID, sessionID string) error {
	keys := []string{r.programmeKey(programmeID, "programme"), r.programmeKey(programmeID, "sessions")}
	if err := addProgrammeSessionScript.Run(ctx, r.rdb, keys, sessionID).Err(); err != nil {
		return fail("add programme session", err)
	}
	return nil
}

// RemoveProgrammeSession implements ProgrammeStore.
func (r *RedisStore) RemoveProgrammeSession(ctx context.Context, programmeID, sessionID string) error {
	keys := []string{r.programmeKey(programmeID, "programme"), r.programmeKey(programmeID, "sessions")}
	if err := removeProgrammeSessionScript.Run(ctx, r.rdb, keys, sessionID).Err(); err != nil {
		return fail("remove programme session", err)
	}
	return nil
}

// DeleteProgramme implements ProgrammeStore: its two keys (one slot) at
// once, then its place in the owner's index.
func (r *RedisStore) DeleteProgramme(ctx context.Context, id string) error {
	p, err := r.Programme(ctx, id)
	if err != nil {
		return err
	}
	if err := r.rdb.Del(ctx, r.programmeKey(id, "programme"), r.programmeKey(id, "sessions")).Err(); err != nil {
		return fail("delete programme", err)
	}
	if err := r.rdb.ZRem(ctx, r.ownerProgrammesKey(p.OwnerID), id).Err(); err != nil {
		return fail("delete programme", err)
	}
	return nil
}

// Tallies implements TallyReader: every question's tally hash and each
// session's responses, all in one pipeline. Each command names keys of one
// session only; on a Cluster go-redis sends each node its own commands,
// one round trip a node, in parallel.
func (r *RedisStore) Tallies(ctx context.Context, reads []TallyRead) ([][]poll.Tally, error) {
	counts := make([][]*redis.MapStringStringCmd, len(reads))
	resps := make([]*redis.SliceCmd, len(reads))
	_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, rd := range reads {
			if len(rd.QuestionIDs) == 0 {
				continue
			}
			counts[i] = make([]*redis.MapStringStringCmd, len(rd.QuestionIDs))
			for j, q := range rd.QuestionIDs {
				counts[i][j] = p.HGetAll(ctx, r.key(rd.SessionID, "tally", q))
			}
			resps[i] = p.HMGet(ctx, r.key(rd.SessionID, "responses"), rd.QuestionIDs...)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fail("tallies", err)
	}
	out := make([][]poll.Tally, len(reads))
	for i, rd := range reads {
		out[i] = make([]poll.Tally, len(rd.QuestionIDs))
		if len(rd.QuestionIDs) == 0 {
			continue
		}
		rs := resps[i].Val()
		for j := range rd.QuestionIDs {
			c := counts[i][j].Val()
			t := poll.Tally{Counts: make(map[string]int64, len(c))}
			for k, v := range c {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("store: tallies: %w", err)
				}
				if n != 0 {
					t.Counts[k] = n
				}
			}
			if j < len(rs) {
				if s, ok := rs[j].(string); ok {
					n, err := strconv.ParseInt(s, 10, 64)
					if err != nil {
						return nil, fmt.Errorf("store: tallies: %w", err)
					}
					t.Responses = n
				}
			}
			out[i][j] = t
		}
	}
	return out, nil
}
