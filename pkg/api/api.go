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

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/session"
)

// maxBody bounds a REST request body.
const maxBody = 64 << 10

// Config sets up the HTTP handler.
type Config struct {
	Service *session.Service
	// Auth knows facilitators, keys and logins; nil makes one on the
	// service's store with no owner key and no identity provider.
	Auth *auth.Service
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
	// TrustedProxies are the peers whose X-Forwarded-For (the client
	// address of the limits above and of session.JoinLimits) and
	// X-Forwarded-Proto (https links and Secure cookies without PublicURL)
	// are believed; the zero value believes a peer on a loopback or private
	// address, and only the last address it forwards.
	TrustedProxies TrustedProxies
}

type api struct {
	cfg      Config
	svc      *session.Service
	auth     *auth.Service
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
	if cfg.Auth == nil {
		cfg.Auth = auth.New(auth.Config{Store: cfg.Service.Store(), Logger: cfg.Logger})
	}
	a := &api{cfg: cfg, svc: cfg.Service, auth: cfg.Auth, conns: newConnBudget(cfg.ConnsPerAddress, cfg.MaxConns)}
	a.upgrader = websocket.Upgrader{
		ReadBufferSize:  readBufferSize,
		WriteBufferSize: writeBufferSize,
		WriteBufferPool: &writePool,
		CheckOrigin:     a.checkOrigin,
	}

	e := echo.NewWithConfig(echo.Config{Logger: cfg.Logger, HTTPErrorHandler: errorHandler(cfg.Logger)})
	trustProxies(e, cfg.TrustedProxies)
	e.Use(middleware.Recover())
	e.Use(securityHeaders)

	e.GET("/healthz", a.healthz)
	e.GET("/readyz", a.readyz)
	if !cfg.NoMetrics {
		e.GET("/metrics", a.metrics())
	}
	e.GET("/ws", a.websocket)
	a.signInRoutes(e)

	v1 := e.Group("/api/v1", middleware.BodyLimit(maxBody))
	v1.GET("/limits", a.limits)
	v1.POST("/sessions", a.createSession, a.signedIn)
	v1.GET("/sessions", a.listSessions, a.signedIn)
	a.facilitatorRoutes(v1)
	read, run, own, ownSigned := need(auth.Read), need(auth.Run), need(auth.Own), need(auth.OwnAsFacilitator)
	s := v1.Group("/sessions/:id", a.facilitator)
	s.GET("", a.getSession, read)
	s.POST("/questions", a.addQuestion, run)
	s.PATCH("/questions/:qid", a.editQuestion, run)
	s.DELETE("/questions/:qid", a.removeQuestion, run)
	s.POST("/questions/:qid/move", a.moveQuestion, run)
	s.POST("/questions/:qid/reset", a.resetQuestion, run)
	s.POST("/questions/:qid/moderation", a.moderate, run)
	s.PATCH("/state", a.patchState, run)
	s.GET("/results", a.results, read)
	s.GET("/export.csv", a.exportCSV, read)
	s.GET("/export.xlsx", a.exportXLSX, read)
	s.POST("/groups", a.splitGroups, run)
	s.GET("/groups", a.listGroups, run)
	s.DELETE("/groups", a.clearGroups, run)
	s.GET("/compare", a.compare, read)
	s.DELETE("", a.deleteSession, own)
	s.PATCH("", a.patchSession, run)
	// A viewer may select answers (the working group): the one write a viewer has.
	s.PATCH("/answers/:aid", a.selectAnswer, read)
	sm := a.sessionMembers()
	s.GET("/members", a.listMembers(sm), run)
	s.POST("/members", a.addMember(sm), ownSigned)
	s.DELETE("/members/:fid", a.removeMember(sm), ownSigned)
	s.GET("/audit", a.sessionAudit, ownSigned)
	s.POST("/archive", a.archiveSession, run)
	s.GET("/questionset", a.getQuestionSet, run)
	s.POST("/questionset", a.importQuestionSet, run)

	v1.POST("/questionsets", a.saveQuestionSet, a.signedIn)
	v1.GET("/questionsets", a.listQuestionSets, a.signedIn)
	v1.GET("/questionsets/:id", a.getQuestionSetOfLibrary, a.signedIn)
	v1.DELETE("/questionsets/:id", a.deleteQuestionSet, a.signedIn)
	v1.POST("/programmes", a.createProgramme, a.signedIn)
	v1.GET("/programmes", a.listProgrammes, a.signedIn)
	p := v1.Group("/programmes/:id", a.programmeAccess)
	p.GET("", a.getProgramme, read)
	p.DELETE("", a.deleteProgramme, own)
	p.GET("/results", a.programmeResults, read)
	p.GET("/export.csv", a.programmeCSV, read)
	p.GET("/export.xlsx", a.programmeXLSX, read)
	pm := a.programmeMembers()
	p.GET("/members", a.listMembers(pm), run)
	p.POST("/members", a.addMember(pm), ownSigned)
	p.DELETE("/members/:fid", a.removeMember(pm), ownSigned)
	p.POST("/groups", a.splitProgrammeGroups, run)
	p.GET("/groups", a.listProgrammeGroups, read)
	p.GET("/paired", a.programmePaired, read)

	a.pages(e)
	return e
}
