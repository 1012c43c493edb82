package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ting-live/ting/pkg/protocol"
)

func (a *api) healthz(c *echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only while the store answers.
func (a *api) readyz(c *echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := a.svc.Store().Ping(ctx); err != nil {
		return newError(http.StatusServiceUnavailable, protocol.CodeUnavailable, "the store does not answer")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

func (a *api) metrics() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(a.cfg.Gatherer, promhttp.HandlerOpts{}))
}
