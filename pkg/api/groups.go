package api

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/session"
)

type splitRequest struct {
	Size  int  `json:"size"`
	Count int  `json:"count"`
	Pairs bool `json:"pairs"`
}

type groupView struct {
	Name    string `json:"name"`
	Members int    `json:"members"`
	Pairs   int    `json:"pairs,omitempty"`
}

type groupsView struct {
	Groups []groupView `json:"groups"`
}

func viewGroups(gs []model.Group) groupsView {
	v := groupsView{Groups: make([]groupView, 0, len(gs))}
	for _, g := range gs {
		v.Groups = append(v.Groups, groupView{Name: g.Name, Members: len(g.Members), Pairs: len(g.Pairs)})
	}
	return v
}

// splitGroups splits the room into groups; every phone is told its group.
func (a *api) splitGroups(c *echo.Context) error {
	var req splitRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	gs, err := a.svc.SplitGroups(c.Request().Context(), currentSession(c), session.Split{Size: req.Size, Count: req.Count, Pairs: req.Pairs})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewGroups(gs))
}

// listGroups returns the current groups (none before a split).
func (a *api) listGroups(c *echo.Context) error {
	gs, err := a.svc.Groups(c.Request().Context(), currentSession(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewGroups(gs))
}

// clearGroups ends the split.
func (a *api) clearGroups(c *echo.Context) error {
	if err := a.svc.ClearGroups(c.Request().Context(), currentSession(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
