package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
//	P:members     hash facilitatorID -> JSON of the Member
//	<prefix>:programmes  sorted set: every programme id by created (Unix ms)
//	<prefix>:fprogrammes:<facilitatorID>  hash programmeID -> role
func (r *RedisStore) programmeKey(id, part string) string {
	return r.prefix + ":{p:" + id + "}:" + part
}

func (r *RedisStore) programmesKey() string { return r.prefix + ":programmes" }

func (r *RedisStore) memberProgrammesKey(facilitatorID string) string {
	return r.prefix + ":fprogrammes:" + facilitatorID
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
		pl.Del(ctx, r.programmeKey(p.ID, "sessions"), r.programmeKey(p.ID, "members"))
		if len(p.Sessions) > 0 {
			pl.RPush(ctx, r.programmeKey(p.ID, "sessions"), toAny(p.Sessions)...)
		}
		return nil
	})
	if err != nil {
		return fail("create programme", err)
	}
	if err := r.rdb.ZAdd(ctx, r.programmesKey(), redis.Z{Score: float64(p.CreatedAt.UnixMilli()), Member: p.ID}).Err(); err != nil {
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

// AllProgrammes implements ProgrammeStore: the index, then each
// programme's two keys, in one pipeline (one slot a programme).
func (r *RedisStore) AllProgrammes(ctx context.Context) ([]model.Programme, error) {
	ids, err := r.rdb.ZRevRange(ctx, r.programmesKey(), 0, -1).Result()
	if err != nil {
		return nil, fail("programmes", err)
	}
	return r.programmes(ctx, ids)
}

// programmes reads the programmes of ids, leaving out those that are gone.
func (r *RedisStore) programmes(ctx context.Context, ids []string) ([]model.Programme, error) {
	out := []model.Programme{}
	if len(ids) == 0 {
		return out, nil
	}
	heads := make([]*redis.StringCmd, len(ids))
	lists := make([]*redis.StringSliceCmd, len(ids))
	_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			heads[i], lists[i] = r.programmeReads(ctx, p, id)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fail("programmes", err)
	}
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

// ifProgrammeScript: KEYS programme, then the keys the command names;
// ARGV command, its arguments. Runs the command on KEYS[2] only while the
// programme exists.
var ifProgrammeScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('TING_NOTFOUND') end
local cmd = table.remove(ARGV, 1)
if cmd == 'RPUSHNEW' then
  for _, v in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
    if v == ARGV[1] then return 0 end
  end
  return redis.call('RPUSH', KEYS[2], ARGV[1])
end
if cmd == 'HDELONE' then
  if redis.call('HDEL', KEYS[2], ARGV[1]) == 0 then return redis.error_reply('TING_NOTFOUND') end
  return 1
end
return redis.call(cmd, KEYS[2], unpack(ARGV))`)

func (r *RedisStore) ifProgramme(ctx context.Context, op, programmeID, part string, args ...any) error {
	keys := []string{r.programmeKey(programmeID, "programme"), r.programmeKey(programmeID, part)}
	if err := ifProgrammeScript.Run(ctx, r.rdb, keys, args...).Err(); err != nil {
		return fail(op, err)
	}
	return nil
}

// AddProgrammeSession implements ProgrammeStore.
func (r *RedisStore) AddProgrammeSession(ctx context.Context, programmeID, sessionID string) error {
	return r.ifProgramme(ctx, "add programme session", programmeID, "sessions", "RPUSHNEW", sessionID)
}

// RemoveProgrammeSession implements ProgrammeStore.
func (r *RedisStore) RemoveProgrammeSession(ctx context.Context, programmeID, sessionID string) error {
	return r.ifProgramme(ctx, "remove programme session", programmeID, "sessions", "LREM", 0, sessionID)
}

// DeleteProgramme implements ProgrammeStore: its keys (one slot) at once,
// then its place in the index and in its members' lists.
func (r *RedisStore) DeleteProgramme(ctx context.Context, id string) error {
	if _, err := r.Programme(ctx, id); err != nil {
		return err
	}
	members, err := r.ProgrammeMembers(ctx, id)
	if err != nil {
		return err
	}
	if err := r.rdb.Del(ctx, r.programmeKey(id, "programme"), r.programmeKey(id, "sessions"), r.programmeKey(id, "members")).Err(); err != nil {
		return fail("delete programme", err)
	}
	for _, m := range members {
		if err := r.rdb.HDel(ctx, r.memberProgrammesKey(m.FacilitatorID), id).Err(); err != nil {
			return fail("delete programme", err)
		}
	}
	if err := r.rdb.ZRem(ctx, r.programmesKey(), id).Err(); err != nil {
		return fail("delete programme", err)
	}
	return nil
}

// SetProgrammeMember implements ProgrammeStore.
func (r *RedisStore) SetProgrammeMember(ctx context.Context, programmeID string, m Member) error {
	v, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("store: set programme member: %w", err)
	}
	if err := r.ifProgramme(ctx, "set programme member", programmeID, "members", "HSET", m.FacilitatorID, v); err != nil {
		return err
	}
	if err := r.rdb.HSet(ctx, r.memberProgrammesKey(m.FacilitatorID), programmeID, m.Role).Err(); err != nil {
		return fail("set programme member", err)
	}
	return nil
}

// RemoveProgrammeMember implements ProgrammeStore.
func (r *RedisStore) RemoveProgrammeMember(ctx context.Context, programmeID, facilitatorID string) error {
	if err := r.ifProgramme(ctx, "remove programme member", programmeID, "members", "HDELONE", facilitatorID); err != nil {
		return err
	}
	if err := r.rdb.HDel(ctx, r.memberProgrammesKey(facilitatorID), programmeID).Err(); err != nil {
		return fail("remove programme member", err)
	}
	return nil
}

// ProgrammeMembers implements ProgrammeStore.
func (r *RedisStore) ProgrammeMembers(ctx context.Context, programmeID string) ([]Member, error) {
	var exists *redis.IntCmd
	var all *redis.MapStringStringCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.Exists(ctx, r.programmeKey(programmeID, "programme"))
		all = p.HGetAll(ctx, r.programmeKey(programmeID, "members"))
		return nil
	})
	if err != nil {
		return nil, fail("programme members", err)
	}
	if exists.Val() == 0 {
		return nil, ErrNotFound
	}
	out := make([]Member, 0, len(all.Val()))
	for _, v := range all.Val() {
		var m Member
		if err := json.Unmarshal([]byte(v), &m); err != nil {
			return nil, fmt.Errorf("store: programme members: %w", err)
		}
		out = append(out, m)
	}
	sortMembers(out)
	return out, nil
}

// MemberProgrammes implements ProgrammeStore.
func (r *RedisStore) MemberProgrammes(ctx context.Context, facilitatorID string) ([]ProgrammeMembership, error) {
	all, err := r.rdb.HGetAll(ctx, r.memberProgrammesKey(facilitatorID)).Result()
	if err != nil {
		return nil, fail("member programmes", err)
	}
	out := make([]ProgrammeMembership, 0, len(all))
	for id, role := range all {
		out = append(out, ProgrammeMembership{ProgrammeID: id, Role: role})
	}
	slices.SortFunc(out, func(a, b ProgrammeMembership) int { return strings.Compare(a.ProgrammeID, b.ProgrammeID) })
	return out, nil
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
