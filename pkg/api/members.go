package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"

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

// listMembers shows who may run or read the session.
func (a *api) listMembers(c *echo.Context) error {
	ms, err := a.auth.Members(c.Request().Context(), currentSession(c).ID)
	if err != nil {
		return err
	}
	out := make([]memberView, 0, len(ms))
	for _, m := range ms {
		out = append(out, a.memberView(c, m))
	}
	return c.JSON(http.StatusOK, map[string]any{"members": out})
}

// addMember shares the session with a facilitator.
func (a *api) addMember(c *echo.Context) error {
	var req struct {
		Facilitator string `json:"facilitator"`
		Role        string `json:"role"`
	}
	if err := decode(c, &req); err != nil {
		return err
	}
	m, err := a.auth.Share(c.Request().Context(), currentAccess(c), currentSession(c).ID, req.Facilitator, req.Role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.memberView(c, m))
}

// removeMember takes a facilitator's role on the session away.
func (a *api) removeMember(c *echo.Context) error {
	err := a.auth.Unshare(c.Request().Context(), currentAccess(c), currentSession(c).ID, c.Param("fid"))
	if errors.Is(err, store.ErrNotFound) {
		return newError(http.StatusNotFound, protocol.CodeNotFound, "that facilitator is no member of this session")
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// sessionAudit is the session's log: who created, shared and unshared it.
func (a *api) sessionAudit(c *echo.Context) error {
	evs, err := a.auth.Audit(c.Request().Context(), currentAccess(c), currentSession(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"events": evs})
}
