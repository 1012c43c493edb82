package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/store"
)

// The library of question sets: a signed-in facilitator saves a session's
// questions under a name and starts sessions (and programmes' first
// sessions) from them; each set is its owner's (and the organisation's
// owners').

type librarySet struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
	Questions int       `json:"questions"`
}

func setView(qs model.QuestionSet) librarySet {
	return librarySet{ID: qs.ID, Name: qs.Name, CreatedAt: qs.CreatedAt, Questions: len(qs.Questions)}
}

// saveQuestionSet saves the questions of a session the caller may read
// (or whose facilitator token comes in X-Source-Token) under a name.
func (a *api) saveQuestionSet(c *echo.Context) error {
	var req struct {
		Name    string `json:"name"`
		Session string `json:"session"`
	}
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Session == "" {
		return badRequest("session: give the id of the session whose questions to save")
	}
	ctx := c.Request().Context()
	var sess *model.Session
	var err error
	if tok := strings.TrimSpace(c.Request().Header.Get(sourceTokenHeader)); tok != "" {
		if sess, err = a.byToken(ctx, req.Session, tok); err != nil {
			return session.ProgrammeSourceError(err)
		}
	} else {
		if !a.readable(c, req.Session) {
			return newError(http.StatusForbidden, protocol.CodeForbidden, "you have no role on that session")
		}
		if sess, err = a.svc.Store().Session(ctx, req.Session); err != nil {
			return err
		}
	}
	qs, err := a.svc.SaveQuestionSet(ctx, currentCaller(c).ID(), req.Name, sess)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, setView(qs))
}

// listQuestionSets is the caller's library, newest first.
func (a *api) listQuestionSets(c *echo.Context) error {
	sets, err := a.svc.Store().QuestionSets(c.Request().Context(), currentCaller(c).ID())
	if err != nil {
		return err
	}
	out := make([]librarySet, 0, len(sets))
	for _, qs := range sets {
		out = append(out, setView(qs))
	}
	return c.JSON(http.StatusOK, map[string]any{"questionSets": out})
}

// ownSet returns the question set of the route if the caller owns it.
func (a *api) ownSet(c *echo.Context, id string) (model.QuestionSet, error) {
	qs, err := a.svc.Store().QuestionSet(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return qs, newError(http.StatusNotFound, protocol.CodeNotFound, "no such question set")
	}
	if err != nil {
		return qs, err
	}
	if cl := currentCaller(c); !cl.Owner() && qs.OwnerID != cl.ID() {
		return qs, auth.ErrForbidden
	}
	return qs, nil
}

// getQuestionSetOfLibrary gives a saved set with its document, ready to
// POST to a session's questionset.
func (a *api) getQuestionSetOfLibrary(c *echo.Context) error {
	qs, err := a.ownSet(c, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": qs.ID, "name": qs.Name, "createdAt": qs.CreatedAt,
		"document": session.QuestionSet{Version: session.QuestionSetVersion, Questions: qs.Questions}})
}

func (a *api) deleteQuestionSet(c *echo.Context) error {
	qs, err := a.ownSet(c, c.Param("id"))
	if err != nil {
		return err
	}
	if err := a.svc.Store().DeleteQuestionSet(c.Request().Context(), qs.ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
