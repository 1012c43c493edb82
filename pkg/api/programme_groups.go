package api

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/session"
)

// splitProgrammeGroups splits the programme's participants into groups that
// every session of the programme keeps.
func (a *api) splitProgrammeGroups(c *echo.Context) error {
	var req splitRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	gs, err := a.svc.SplitProgrammeGroups(c.Request().Context(), currentProgramme(c), session.Split{Size: req.Size, Count: req.Count, Pairs: req.Pairs})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewGroups(gs))
}

// listProgrammeGroups returns the programme's groups (none before a split).
func (a *api) listProgrammeGroups(c *echo.Context) error {
	gs, err := a.svc.ProgrammeGroups(c.Request().Context(), currentProgramme(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewGroups(gs))
}

// programmePaired is the paired view of the programme's scale questions
// between two of its sessions.
func (a *api) programmePaired(c *echo.Context) error {
	v, err := a.svc.ProgrammePaired(c.Request().Context(), currentProgramme(c), c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}
