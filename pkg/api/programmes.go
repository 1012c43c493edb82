package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/store"
)

type createProgrammeRequest struct {
	Title string `json:"title"`
}

type programmeCreated struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// FacilitatorToken opens the programme's routes, shown once.
	FacilitatorToken string `json:"facilitatorToken,omitempty"`
}

// programmeSessionView is one session of a programme.
type programmeSessionView struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"`
	Title     string    `json:"title"`
	Language  string    `json:"language"`
	Pace      string    `json:"pace"`
	CreatedAt time.Time `json:"createdAt"`
	Questions int       `json:"questions"`
}

type programmeView struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"createdAt"`
	// Role is the caller's role on the programme.
	Role     string                 `json:"role"`
	Sessions []programmeSessionView `json:"sessions"`
}

func (a *api) createProgramme(c *echo.Context) error {
	var req createProgrammeRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl := currentCaller(c)
	token, hash := auth.NewSessionToken()
	created, err := a.svc.CreateProgramme(ctx, cl.ID(), req.Title, hash)
	if err != nil {
		return err
	}
	p := created.Programme
	// The creator owns it; should that fail, the programme must not stay
	// behind without an owner.
	if err := a.svc.Store().SetProgrammeMember(ctx, p.ID, a.auth.ProgrammeOwner(cl)); err != nil {
		_ = a.svc.DeleteProgramme(context.WithoutCancel(ctx), p.ID)
		return err
	}
	return c.JSON(http.StatusCreated, programmeCreated{ID: p.ID, Title: p.Title, FacilitatorToken: token})
}

// getProgramme shows a programme and its sessions, oldest first.
func (a *api) getProgramme(c *echo.Context) error {
	p := currentProgramme(c)
	sessions, err := a.svc.ProgrammeSessions(c.Request().Context(), p)
	if err != nil {
		return err
	}
	v := programmeView{ID: p.ID, Title: p.Title, CreatedAt: p.CreatedAt, Role: currentAccess(c).Role, Sessions: make([]programmeSessionView, len(sessions))}
	for i, s := range sessions {
		v.Sessions[i] = programmeSessionView{ID: s.ID, Code: s.Code, Title: s.Title, Language: s.Language,
			Pace: paceName(s.Pace), CreatedAt: s.CreatedAt, Questions: len(s.Questions)}
	}
	return c.JSON(http.StatusOK, v)
}

// deleteProgramme removes the programme; its sessions stay, each on its own.
func (a *api) deleteProgramme(c *echo.Context) error {
	if err := a.svc.DeleteProgramme(c.Request().Context(), currentProgramme(c).ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *api) programmeResults(c *echo.Context) error {
	body, err := a.svc.ProgrammeResults(c.Request().Context(), currentProgramme(c), c.QueryParam("segmentBy"))
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}

// listedProgramme is one line of the workspace's programmes.
type listedProgramme struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"createdAt"`
	Role      string    `json:"role"`
	Sessions  int       `json:"sessions"`
}

// listProgrammes is the caller's programmes, newest first: those it owns
// or shares, and for an owner of the organisation all of them.
func (a *api) listProgrammes(c *echo.Context) error {
	ctx := c.Request().Context()
	cl := currentCaller(c)
	st := a.svc.Store()
	var ps []model.Programme
	roles := map[string]string{}
	if cl.Owner() {
		all, err := st.AllProgrammes(ctx)
		if err != nil {
			return err
		}
		for _, p := range all {
			roles[p.ID] = store.RoleOwner
		}
		ps = all
	} else {
		ms, err := st.MemberProgrammes(ctx, cl.ID())
		if err != nil {
			return err
		}
		for _, m := range ms {
			p, err := st.Programme(ctx, m.ProgrammeID)
			if errors.Is(err, store.ErrNotFound) {
				continue // deleted a moment ago
			}
			if err != nil {
				return err
			}
			roles[p.ID] = m.Role
			ps = append(ps, p)
		}
		slices.SortFunc(ps, func(x, y model.Programme) int { return y.CreatedAt.Compare(x.CreatedAt) })
	}
	out := make([]listedProgramme, 0, len(ps))
	for _, p := range ps {
		out = append(out, listedProgramme{ID: p.ID, Title: p.Title, CreatedAt: p.CreatedAt, Role: roles[p.ID], Sessions: len(p.Sessions)})
	}
	return c.JSON(http.StatusOK, map[string]any{"programmes": out})
}
