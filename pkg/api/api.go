// Package api is Ting's HTTP surface: the facilitator's REST API, the
// WebSocket endpoint for phones and big screens, the web pages, and the
// operations endpoints.
package api

import (
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ting-live/ting/pkg/session"
)

// maxBody bounds a REST request body.
const maxBody = 64 << 10

// Config sets up the HTTP handler.
type Config struct {
	Service *session.Service
	// PublicURL is the address phones use (for links and QR codes); empty
	// derives it from each request.
	PublicURL string
	// Pages holds the web app (phone.html, screen.html, host.html, assets/),
	// read once by New (pkg/webapp).
	Pages fs.FS
	// Gatherer serves /metrics; nil serves the default registry.
	Gatherer prometheus.Gatherer
	Logger   *slog.Logger
	// AllowedOrigins lists extra origins allowed to open WebSockets; the
	// server's own host is always allowed.
	AllowedOrigins []string
	// ConnsPerAddress bounds the WebSockets one address holds open
	// (default DefaultConnsPerAddress); MaxConns bounds them in all (0: no
	// bound of its own).
	ConnsPerAddress int
	MaxConns        int
	// NoMetrics leaves /metrics out: it is served on an address of its own.
	NoMetrics bool
}

type api struct {
	cfg      Config
	svc      *session.Service
	upgrader websocket.Upgrader
	conns    *connBudget
}

// New returns the HTTP handler of one node.
func New(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Gatherer == nil {
		cfg.Gatherer = prometheus.DefaultGatherer
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	a := &api{cfg: cfg, svc: cfg.Service, conns: newConnBudget(cfg.ConnsPerAddress, cfg.MaxConns)}
	a.upgrader = websocket.Upgrader{
		ReadBufferSize:  readBufferSize,
		WriteBufferSize: writeBufferSize,
		WriteBufferPool: &writePool,
		CheckOrigin:     a.checkOrigin,
	}

	e := echo.NewWithConfig(echo.Config{Logger: cfg.Logger, HTTPErrorHandler: errorHandler(cfg.Logger)})
	e.Use(middleware.Recover())
	e.Use(securityHeaders)

	e.GET("/healthz", a.healthz)
	e.GET("/readyz", a.readyz)
	if !cfg.NoMetrics {
		e.GET("/metrics", a.metrics())
	}
	e.GET("/ws", a.websocket)

	v1 := e.Group("/api/v1", middleware.BodyLimit(maxBody))
	v1.GET("/limits", a.limits)
	v1.POST("/sessions", a.createSession)
	s := v1.Group("/sessions/:id", a.facilitator)
	s.GET("", a.getSession)
	s.POST("/questions", a.addQuestion)
	s.PATCH("/questions/:qid", a.editQuestion)
	s.DELETE("/questions/:qid", a.removeQuestion)
	s.POST("/questions/:qid/move", a.moveQuestion)
	s.POST("/questions/:qid/reset", a.resetQuestion)
	s.POST("/questions/:qid/moderation", a.moderate)
	s.PATCH("/state", a.patchState)
	s.GET("/results", a.results)
	s.GET("/export.csv", a.exportCSV)
	s.GET("/export.xlsx", a.exportXLSX)
	s.POST("/groups", a.splitGroups)
	s.GET("/groups", a.listGroups)
	s.DELETE("/groups", a.clearGroups)
	s.GET("/compare", a.compare)
	s.DELETE("", a.deleteSession)
	s.PATCH("", a.patchSession)
	s.PATCH("/answers/:aid", a.selectAnswer)

	a.pages(e)
	return e
}
