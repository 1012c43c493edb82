package api

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// callerKey holds, in the request's context, who of the session's working
// group makes the request; without it the caller is the holder of the
// session's own token.
const callerKey = "caller"

// ownerCaller names the holder of the session's facilitator token.
const ownerCaller = "owner"

// caller returns who makes the request: the facilitator the request's
// credentials name, or ownerCaller.
func caller(c *echo.Context) string {
	if v, ok := c.Get(callerKey).(string); ok && v != "" {
		return v
	}
	return ownerCaller
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
func (a *api) selectAnswer(c *echo.Context) error {
	var req selectRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Selected == nil {
		return badRequest(`give {"selected": true} or {"selected": false}`)
	}
	by := caller(c)
	qid, err := a.svc.Select(c.Request().Context(), currentSession(c), c.Param("aid"), *req.Selected, by)
	if err != nil {
		return err
	}
	res := selectResponse{ID: c.Param("aid"), QuestionID: qid, Selected: *req.Selected}
	if *req.Selected {
		res.SelectedBy = by
	}
	return c.JSON(http.StatusOK, res)
}
