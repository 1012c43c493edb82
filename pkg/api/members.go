package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/store"
)

type memberView struct {
	Facilitator string    `json:"facilitator"`
	Name        string    `json:"name,omitempty"`
	Email       string    `json:"email,omitempty"`
	Role        string    `json:"role"`
	Since       time.Time `json:"since"`
}

func (a *api) memberView(c *echo.Context, m store.Member) memberView {
	v := memberView{Facilitator: m.FacilitatorID, Role: m.Role, Since: m.Since}
	if f, err := a.auth.Facilitator(c.Request().Context(), m.FacilitatorID); err == nil {
		v.Name, v.Email = f.Name, f.Email
	}
	return v
}

// memberTarget is what has members, a session or a programme: the list,
// add and remove handlers below serve both.
type memberTarget struct {
	// noun names the target in messages: "session" or "programme".
	noun string
	id   func(c *echo.Context) string
	list func(ctx context.Context, id string) ([]store.Member, error)
	// add shares the target (the rules in pkg/auth) and stores the member.
	add func(ctx context.Context, acc auth.Access, id, facilitatorID, role string) (store.Member, error)
	// remove takes a member's role away; an unknown member is store.ErrNotFound.
	remove func(ctx context.Context, acc auth.Access, id, facilitatorID string) error
}

func (a *api) sessionMembers() memberTarget {
	return memberTarget{
		noun:   "session",
		id:     func(c *echo.Context) string { return currentSession(c).ID },
		list:   a.auth.Members,
		add:    a.auth.Share,
		remove: a.auth.Unshare,
	}
}

func (a *api) programmeMembers() memberTarget {
	st := a.svc.Store()
	return memberTarget{
		noun: "programme",
		id:   func(c *echo.Context) string { return currentProgramme(c).ID },
		list: st.ProgrammeMembers,
		add: func(ctx context.Context, acc auth.Access, id, facilitatorID, role string) (store.Member, error) {
			ms, err := st.ProgrammeMembers(ctx, id)
			if err != nil {
				return store.Member{}, err
			}
			m, err := a.auth.ProgrammeShare(ctx, acc, ms, facilitatorID, role)
			if err != nil {
				return store.Member{}, err
			}
			return m, st.SetProgrammeMember(ctx, id, m)
		},
		remove: func(ctx context.Context, acc auth.Access, id, facilitatorID string) error {
			ms, err := st.ProgrammeMembers(ctx, id)
			if err != nil {
				return err
			}
			if err := auth.ProgrammeUnshare(acc, ms, facilitatorID); err != nil {
				return err
			}
			return st.RemoveProgrammeMember(ctx, id, facilitatorID)
		},
	}
}

// listMembers shows who may run or read the target.
func (a *api) listMembers(t memberTarget) echo.HandlerFunc {
	return func(c *echo.Context) error {
		ms, err := t.list(c.Request().Context(), t.id(c))
		if err != nil {
			return err
		}
		out := make([]memberView, 0, len(ms))
		for _, m := range ms {
			out = append(out, a.memberView(c, m))
		}
		return c.JSON(http.StatusOK, map[string]any{"members": out})
	}
}

// addMember shares the target with a facilitator.
func (a *api) addMember(t memberTarget) echo.HandlerFunc {
	return func(c *echo.Context) error {
		var req struct {
			Facilitator string `json:"facilitator"`
			Role        string `json:"role"`
		}
		if err := decode(c, &req); err != nil {
			return err
		}
		m, err := t.add(c.Request().Context(), currentAccess(c), t.id(c), req.Facilitator, req.Role)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, a.memberView(c, m))
	}
}

// removeMember takes a facilitator's role on the target away.
func (a *api) removeMember(t memberTarget) echo.HandlerFunc {
	return func(c *echo.Context) error {
		err := t.remove(c.Request().Context(), currentAccess(c), t.id(c), c.Param("fid"))
		if errors.Is(err, store.ErrNotFound) {
			return newError(http.StatusNotFound, protocol.CodeNotFound, "that facilitator is no member of this "+t.noun)
		}
		if err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

// sessionAudit is the session's log: who created, shared and unshared it.
func (a *api) sessionAudit(c *echo.Context) error {
	evs, err := a.auth.Audit(c.Request().Context(), currentAccess(c), currentSession(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"events": evs})
}
