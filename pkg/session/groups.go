package session

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/store"
)

// MaxGroups bounds how many groups one split makes.
const MaxGroups = 500

// Split says how to split the room: Size phones a group (2 makes pairs),
// or Count groups. Exactly one is set.
type Split struct {
	Size  int
	Count int
	// Pairs splits each group into buddy pairs (a trio where it is odd).
	Pairs bool
}

// groupWords names groups and pairs in each session language. Numbers are
// what a facilitator can call out in a theatre and a phone can show large.
var groupWords = map[string][2]string{
	"sv": {"Grupp", "Par"},
	"nb": {"Gruppe", "Par"},
	"da": {"Gruppe", "Par"},
	"en": {"Group", "Pair"},
}

// groupName is the name of group i (from 0) of a split in language lang.
func groupName(lang string, pairs bool, i int) string {
	w, ok := groupWords[lang]
	if !ok {
		w = groupWords["en"]
	}
	word := w[0]
	if pairs {
		word = w[1]
	}
	return word + " " + strconv.Itoa(i+1)
}

// SplitGroups splits the phones connected to the session (on any node; see
// presence.go) into groups at random: Size s over n participants makes max(1, n/s) groups,
// Count makes that many; sizes differ by at most one. A new split replaces
// the last one, and every phone is told its group at once.
func (s *Service) SplitGroups(ctx context.Context, sess *model.Session, sp Split) ([]model.Group, error) {
	if err := sp.check(); err != nil {
		return nil, err
	}
	ps, err := s.connected(ctx, sess.ID)
	if err != nil {
		return nil, fmt.Errorf("session: split groups: %w", err)
	}
	groups := sp.apply(sess.Language, ps)
	seq, err := s.store.SetGroups(ctx, sess.ID, groups)
	if err != nil {
		return nil, fmt.Errorf("session: split groups: %w", err)
	}
	s.notify(ctx, sess.ID, store.NoticeGroups, seq)
	return groups, nil
}

// check refuses a split that cannot be made.
func (sp Split) check() error {
	switch {
	case (sp.Size == 0) == (sp.Count == 0):
		return invalid("give either size or count")
	case sp.Size < 0 || sp.Count < 0:
		return invalid("size and count must be positive")
	case sp.Size == 1:
		return invalid("a group needs a size of at least 2")
	case sp.Count > MaxGroups:
		return invalid("at most %d groups", MaxGroups)
	}
	return nil
}

// apply splits the participants ps at random into groups named in lang.
func (sp Split) apply(lang string, ps []string) []model.Group {
	n := len(ps)
	k := sp.Count
	if sp.Size > 0 {
		k = max(1, n/sp.Size)
	}
	k = min(k, MaxGroups)
	rand.Shuffle(n, func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	pairs := sp.Size == 2
	groups := make([]model.Group, k)
	for i := range groups {
		groups[i] = model.Group{Name: groupName(lang, pairs, i), Members: []string{}}
	}
	for i, pid := range ps {
		g := &groups[i%k]
		g.Members = append(g.Members, pid)
	}
	if sp.Pairs {
		for i := range groups {
			groups[i].Pairs = pairUp(lang, groups[i].Members)
		}
	}
	return groups
}

// pairUp splits a group's members (already in random order) into buddy
// pairs; the last member of an odd group joins the last pair.
func pairUp(lang string, members []string) []model.Pair {
	var pairs []model.Pair
	for i := 0; i+1 < len(members); i += 2 {
		pairs = append(pairs, model.Pair{Name: groupName(lang, true, len(pairs)), Members: []string{members[i], members[i+1]}})
	}
	switch {
	case len(members)%2 == 0:
	case len(pairs) == 0:
		pairs = append(pairs, model.Pair{Name: groupName(lang, true, 0), Members: []string{members[0]}})
	default:
		last := &pairs[len(pairs)-1]
		last.Members = append(last.Members, members[len(members)-1])
	}
	return pairs
}

// memberInfo is what a member of g is shown: the group and its pair.
func memberInfo(g model.Group, participantID string) *protocol.GroupInfo {
	info := &protocol.GroupInfo{Name: g.Name, Members: len(g.Members)}
	for _, p := range g.Pairs {
		if slices.Contains(p.Members, participantID) {
			info.Pair = &protocol.PairInfo{Name: p.Name, Members: len(p.Members)}
		}
	}
	return info
}

// ClearGroups ends a split: phones stop showing their group.
func (s *Service) ClearGroups(ctx context.Context, sess *model.Session) error {
	seq, err := s.store.SetGroups(ctx, sess.ID, nil)
	if err != nil {
		return fmt.Errorf("session: clear groups: %w", err)
	}
	s.notify(ctx, sess.ID, store.NoticeGroups, seq)
	return nil
}

// Groups returns the session's groups.
func (s *Service) Groups(ctx context.Context, sess *model.Session) ([]model.Group, error) {
	gs, err := s.store.Groups(ctx, sess.ID)
	if err != nil {
		return nil, fmt.Errorf("session: groups: %w", err)
	}
	return gs, nil
}

// groupOf returns the group of a participant, or nil.
func groupOf(gs []model.Group, participantID string) *protocol.GroupInfo {
	for _, g := range gs {
		for _, m := range g.Members {
			if m == participantID {
				return memberInfo(g, participantID)
			}
		}
	}
	return nil
}

func groupFrame(g *protocol.GroupInfo) []byte {
	return protocol.Encode(protocol.Group{Type: protocol.TypeGroup, Group: g})
}

// pushGroups tells each phone of the session on this node its group, and
// the big screens every group.
func (s *Service) pushGroups(id string) {
	s.push(id, "push groups", func(ctx context.Context, ls *liveSession, sess *model.Session) {
		gs, err := s.store.Groups(ctx, id)
		if err != nil {
			s.log.Warn("session: push groups", "session", id, "err", err)
			return
		}
		byP := map[string]*protocol.GroupInfo{}
		for _, g := range gs {
			for _, m := range g.Members {
				byP[m] = memberInfo(g, m)
			}
		}
		for c, pid := range ls.phoneList() {
			c.Send(groupFrame(byP[pid]))
		}
		s.hub.Broadcast(id, hub.Screens, groupsFrame(gs))
	})
}

// groupsFrame lists every group for the big screen, with its number of
// buddy pairs when the split made them.
func groupsFrame(gs []model.Group) []byte {
	out := protocol.Groups{Type: protocol.TypeGroups, Groups: []protocol.GroupInfo{}}
	for _, g := range gs {
		out.Groups = append(out.Groups, protocol.GroupInfo{Name: g.Name, Members: len(g.Members), Pairs: len(g.Pairs)})
	}
	return protocol.Encode(out)
}

// closeDeleted tells every connection of a deleted session on this node
// and closes it.
func (s *Service) closeDeleted(id string) {
	ls := s.lookup(id)
	if ls == nil {
		return
	}
	ls.pushMu.Lock()
	defer ls.pushMu.Unlock()
	s.hub.Broadcast(id, hub.Everyone, protocol.Encode(protocol.Deleted{Type: protocol.TypeDeleted}))
	s.hub.CloseRoom(id, protocol.CloseDeleted, "session deleted")
}
