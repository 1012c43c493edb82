package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v5"
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
	ID        string                 `json:"id"`
	Title     string                 `json:"title"`
	CreatedAt time.Time              `json:"createdAt"`
	Sessions  []programmeSessionView `json:"sessions"`
}

func (a *api) createProgramme(c *echo.Context) error {
	var req createProgrammeRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	created, err := a.svc.CreateProgramme(c.Request().Context(), "", req.Title)
	if err != nil {
		return err
	}
	p := created.Programme
	return c.JSON(http.StatusCreated, programmeCreated{ID: p.ID, Title: p.Title, FacilitatorToken: created.Token})
}

// getProgramme shows a programme and its sessions, oldest first.
func (a *api) getProgramme(c *echo.Context) error {
	p := currentProgramme(c)
	sessions, err := a.svc.ProgrammeSessions(c.Request().Context(), p)
	if err != nil {
		return err
	}
	v := programmeView{ID: p.ID, Title: p.Title, CreatedAt: p.CreatedAt, Sessions: make([]programmeSessionView, len(sessions))}
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
