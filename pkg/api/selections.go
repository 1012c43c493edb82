package api

import (
	"cmp"
	"net/http"

	"github.com/labstack/echo/v5"
)

// ownerCaller names the holder of the session's facilitator token, who
// selects without a facilitator of its own.
const ownerCaller = "owner"

// selector returns who of the working group makes the request: the
// signed-in or API-key facilitator's id and name, or ownerCaller for the
// session's facilitator token.
func selector(c *echo.Context) (id, name string) {
	acc := currentAccess(c)
	if acc.Token || acc.Caller.ID() == "" {
		return ownerCaller, ""
	}
	return acc.Caller.ID(), acc.Caller.Facilitator.Name
}

type selectRequest struct {
	Selected *bool `json:"selected"`
}

type selectResponse struct {
	ID         string `json:"id"`
	QuestionID string `json:"questionId"`
	Selected   bool   `json:"selected"`
	SelectedBy string `json:"selectedBy,omitempty"`
}

// selectAnswer marks an open answer or a Q&A entry selected by the working
// group ({"selected": true}) or not ({"selected": false}), recording who.
// It is the one write a viewer may make (the route needs only Read): the
// body holds nothing but selected.
func (a *api) selectAnswer(c *echo.Context) error {
	var req selectRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Selected == nil {
		return badRequest(`give {"selected": true} or {"selected": false}`)
	}
	by, name := selector(c)
	sel, err := a.svc.Select(c.Request().Context(), currentSession(c), c.Param("aid"), *req.Selected, by, name)
	if err != nil {
		return err
	}
	res := selectResponse{ID: sel.EntryID, QuestionID: sel.QuestionID, Selected: *req.Selected}
	if *req.Selected {
		res.SelectedBy = cmp.Or(sel.ByName, sel.By)
	}
	return c.JSON(http.StatusOK, res)
}
