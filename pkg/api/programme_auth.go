package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/store"
)

const programmeKey = "ting.programme"

// programmeAccess lets a request to a programme's routes through as the
// session routes' facilitator does: a facilitator with a role on the
// programme (its owner, a member, an owner of the organisation or the
// owner key), or the programme's facilitator token; it puts the programme
// and the access in the context.
func (a *api) programmeAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		ctx := c.Request().Context()
		id := c.Param("id")
		var p model.Programme
		acc, err := a.access(c, "programme", func(cl auth.Caller) (role string, err error) {
			if p, err = a.svc.Programme(ctx, id); err != nil {
				return "", err
			}
			return a.programmeRole(c, cl, id)
		}, func() (err error) {
			p, err = a.programmeByToken(ctx, id, bearer(c))
			return err
		})
		if err != nil {
			return err
		}
		c.Set(programmeKey, p)
		c.Set(accessKey, acc)
		return next(c)
	}
}

// programmeRole is a facilitator's role on a programme, or "".
func (a *api) programmeRole(c *echo.Context, cl auth.Caller, programmeID string) (string, error) {
	ms, err := a.svc.Store().ProgrammeMembers(c.Request().Context(), programmeID)
	if errors.Is(err, store.ErrNotFound) {
		return "", session.ErrNoProgramme
	}
	if err != nil {
		return "", err
	}
	return auth.ProgrammeRole(cl, ms), nil
}

// programmeRunnable checks that the request may add a session to a
// programme: the signed-in facilitator runs it (owner or co-facilitator),
// or token is the programme's facilitator token (X-Source-Token).
func (a *api) programmeRunnable(c *echo.Context, programmeID, token string) error {
	ctx := c.Request().Context()
	if token != "" {
		if _, err := a.programmeByToken(ctx, programmeID, token); err != nil {
			return session.ProgrammeSourceError(err)
		}
		return nil
	}
	if _, err := a.svc.Programme(ctx, programmeID); err != nil {
		return err
	}
	role, err := a.programmeRole(c, currentCaller(c), programmeID)
	if err != nil {
		return err
	}
	if !(auth.Access{Role: role}).Allows(auth.Run) {
		return newError(http.StatusForbidden, protocol.CodeForbidden, "only the programme's owner and co-facilitators may add sessions to it")
	}
	return nil
}

func currentProgramme(c *echo.Context) model.Programme {
	return c.Get(programmeKey).(model.Programme)
}

// programmeByToken returns programme id if token is its facilitator token
// (made and compared as a session's, pkg/auth): session.ErrUnauthorized
// without one, session.ErrNoProgramme for an unknown programme,
// session.ErrForbidden for another token.
func (a *api) programmeByToken(ctx context.Context, id, token string) (model.Programme, error) {
	if token == "" {
		return model.Programme{}, session.ErrUnauthorized
	}
	p, err := a.svc.Programme(ctx, id)
	if err != nil {
		return p, err
	}
	if !auth.SessionTokenMatches(p.TokenHash, token) {
		return model.Programme{}, session.ErrForbidden
	}
	return p, nil
}
