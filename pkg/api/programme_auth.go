package api

import (
	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/model"
)

const programmeKey = "ting.programme"

// programmeAccess lets a request to a programme's routes through with the
// programme's facilitator token, and puts the programme in the context.
func (a *api) programmeAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		p, err := a.svc.AuthorizeProgramme(c.Request().Context(), c.Param("id"), bearer(c))
		if err != nil {
			return err
		}
		c.Set(programmeKey, p)
		return next(c)
	}
}

func currentProgramme(c *echo.Context) model.Programme {
	return c.Get(programmeKey).(model.Programme)
}
