package api

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/store"
)

// listedSession is one line of the workspace.
type listedSession struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	Code         string    `json:"code"`
	CreatedAt    time.Time `json:"createdAt"`
	Role         string    `json:"role"`
	Participants int64     `json:"participants"`
	Questions    int       `json:"questions"`
	Pace         string    `json:"pace"`
	JoinURL      string    `json:"joinUrl"`
	Archived     bool      `json:"archived"`
}

// listSessions is the caller's workspace: the sessions it owns or shares,
// newest first; ?q= keeps those whose title holds the words, ?archived=
// true or false only the archived or the other ones.
func (a *api) listSessions(c *echo.Context) error {
	ctx := c.Request().Context()
	ms, err := a.auth.Sessions(ctx, currentCaller(c))
	if err != nil {
		return err
	}
	q := strings.ToLower(strings.TrimSpace(c.QueryParam("q")))
	onlyArchived := c.QueryParam("archived")
	if onlyArchived != "" && onlyArchived != "true" && onlyArchived != "false" {
		return badRequest("archived must be true or false")
	}
	base := a.baseURL(c)
	st := a.svc.Store()
	out := make([]listedSession, 0, len(ms))
	for _, m := range ms {
		s, err := st.Session(ctx, m.SessionID)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted a moment ago
		}
		if err != nil {
			return err
		}
		if q != "" && !strings.Contains(strings.ToLower(s.Title), q) {
			continue
		}
		archived, err := a.auth.Archived(ctx, s.ID)
		if err != nil {
			return err
		}
		if onlyArchived != "" && (onlyArchived == "true") != archived {
			continue
		}
		n, err := st.ParticipantCount(ctx, s.ID)
		if err != nil {
			return err
		}
		out = append(out, listedSession{
			ID: s.ID, Title: s.Title, Code: s.Code, CreatedAt: s.CreatedAt, Role: m.Role,
			Participants: n, Questions: len(s.Questions), Pace: paceName(s.Pace), JoinURL: joinURL(base, s.Code, s.LinkKey),
			Archived: archived,
		})
	}
	slices.SortFunc(out, func(x, y listedSession) int {
		if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return c.JSON(http.StatusOK, map[string]any{"sessions": out})
}

// archiveSession puts the session away in (or back into) its members'
// workspaces; nothing else about it changes.
func (a *api) archiveSession(c *echo.Context) error {
	var req struct {
		Archived *bool `json:"archived"`
	}
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Archived == nil {
		return badRequest("archived: true or false")
	}
	if err := a.auth.Archive(c.Request().Context(), currentSession(c).ID, *req.Archived); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]bool{"archived": *req.Archived})
}
