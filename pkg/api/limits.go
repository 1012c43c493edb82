package api

import (
	"net/http"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/session"
)

// limitsBody is what GET /api/v1/limits answers: the question limits of
// pkg/poll and the session's own. It is public: the phone reads it before
// it joins, and it says nothing about any session.
type limitsBody struct {
	poll.Limits
	Countdown  int `json:"countdown"`  // the longest countdown the facilitator may start, in seconds
	TitleLen   int `json:"titleLen"`   // characters of a session's title
	NameLen    int `json:"nameLen"`    // characters of a participant's nickname
	MinSegment int `json:"minSegment"` // the largest smallest segment a session may ask
	Groups     int `json:"groups"`     // the most groups one split makes
}

func (a *api) limits(c *echo.Context) error {
	return c.JSON(http.StatusOK, limitsBody{
		Limits:     poll.TheLimits(),
		Countdown:  session.MaxCountdown,
		TitleLen:   session.MaxTitleLen,
		NameLen:    session.MaxNameLen,
		MinSegment: session.MaxMinSegment,
		Groups:     session.MaxGroups,
	})
}
