// Package server wires one Ting node together: the store and broker of the
// chosen engine, the session service and its hub, and the HTTP server, and
// shuts them down in order.
package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/pkg/api"
	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/store"
	"github.com/ting-live/ting/static"
)

// Config is everything a node needs. Zero values take defaults.
type Config struct {
	// Addr is the listen address (default ":8080").
	Addr string
	// PublicURL is the address phones use, for links and QR codes.
	PublicURL string
	// DataDir is where the embedded engine keeps its data.
	DataDir string
	// RedisURL selects the Redis engine; empty means the embedded engine.
	RedisURL string
	// RedisPrefix starts every Redis key (default "ting").
	RedisPrefix string
	// AllowedOrigins are extra browser origins allowed on the WebSocket.
	AllowedOrigins []string
	// ShutdownTimeout bounds a graceful shutdown (default 10s).
	ShutdownTimeout time.Duration
	// Retention is how long a session and every answer to it are kept
	// (default 90 days); SweepInterval how often expired sessions are
	// looked for (default a minute).
	Retention     time.Duration
	SweepInterval time.Duration
	// PresenceInterval is how often each node records its connected phones
	// (default 20s); groups are made from the phones seen in three intervals.
	PresenceInterval time.Duration
	// Hub tunes the hub; zero values take its defaults.
	Hub hub.Config
	// AdminKey, when set, is the organisation owner's API key (TING_ADMIN_KEY).
	AdminKey string
	// OIDC signs facilitators in with the organisation's identity provider
	// when its Issuer is set; its RedirectURL defaults to
	// <PublicURL>/auth/oidc/callback. Without it, every start prints a
	// one-time sign-in link.
	OIDC auth.OIDCConfig
	// NoSignInLink keeps the start from printing a sign-in link.
	NoSignInLink bool
	// MetricsAddr, when set, serves /metrics on that address only, not on Addr.
	MetricsAddr string
	// ConnsPerAddress bounds the WebSockets one address holds open (default
	// api.DefaultConnsPerAddress); MaxConns bounds them on the node
	// (default: derived from the open-file limit).
	ConnsPerAddress int
	MaxConns        int
	// Joins bounds joins across connections (failed code lookups, new
	// participants from one address); zero values take defaults.
	Joins session.JoinLimits
	// Create bounds the sessions one facilitator owns and creates a minute
	// (copies included; the owner key is exempt); zero values take defaults.
	Create auth.CreateLimits
	// TrustedProxies are the peers whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (api.ParseTrustedProxies); the zero
	// value believes a peer on a loopback or private address, and only the
	// last address it forwards.
	TrustedProxies api.TrustedProxies
	// ReadTimeout bounds reading one HTTP request with its body (default
	// DefaultReadTimeout); WebSockets set their own deadlines.
	ReadTimeout time.Duration
	// Pages overrides the embedded web app (for development); it is read
	// and compressed once, when the node starts.
	Pages fs.FS
	// Logger logs; nil uses slog.Default.
	Logger *slog.Logger
}

// DefaultReadTimeout bounds reading a request's headers and body: a body
// dripped byte by byte is cut off then.
const DefaultReadTimeout = 30 * time.Second

// Server is one node.
type Server struct {
	cfg       Config
	engine    engine
	svc       *session.Service
	auth      *auth.Service
	handler   http.Handler
	http      *http.Server
	metrics   *http.Server // on MetricsAddr; nil without one
	metricsLn net.Listener
}

// New builds a node. It connects to Redis when RedisURL is set.
func New(cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = ":8080"
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Pages == nil {
		cfg.Pages = static.FS
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = DefaultReadTimeout
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = maxConns(openFileLimit())
	}
	eng, err := openEngine(cfg)
	if err != nil {
		return nil, err
	}
	st, br := eng.store, eng.broker
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	svc := session.New(session.Config{
		Store: st, Broker: br, Counters: eng.counters, Joins: cfg.Joins, Logger: cfg.Logger, Metrics: reg, Hub: cfg.Hub,
		Retention: cfg.Retention, SweepInterval: cfg.SweepInterval, PresenceInterval: cfg.PresenceInterval,
	})
	oc := cfg.OIDC
	if oc.Issuer != "" && oc.RedirectURL == "" {
		oc.RedirectURL = strings.TrimRight(cfg.PublicURL, "/") + "/auth/oidc/callback"
	}
	au := auth.New(auth.Config{Store: st, AdminKey: cfg.AdminKey, OIDC: oc, Logger: cfg.Logger, Create: cfg.Create, Counters: eng.counters})
	h := api.New(api.Config{
		Service:         svc,
		Auth:            au,
		PublicURL:       cfg.PublicURL,
		Pages:           cfg.Pages,
		Gatherer:        reg,
		Logger:          cfg.Logger,
		AllowedOrigins:  cfg.AllowedOrigins,
		ConnsPerAddress: cfg.ConnsPerAddress,
		MaxConns:        cfg.MaxConns,
		NoMetrics:       cfg.MetricsAddr != "",
		TrustedProxies:  cfg.TrustedProxies,
	})
	s := &Server{cfg: cfg, engine: eng, svc: svc, auth: au, handler: h}
	s.http = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       cfg.ReadTimeout,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          httpErrorLog(cfg.Logger),
	}
	if cfg.MetricsAddr != "" {
		ln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			svc.Shutdown(context.Background())
			eng.close()
			return nil, fmt.Errorf("server: listen on metrics address %s: %w", cfg.MetricsAddr, err)
		}
		s.metricsLn = ln
		s.metrics = &http.Server{
			Handler:           metricsHandler(reg),
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       cfg.ReadTimeout,
			ErrorLog:          httpErrorLog(cfg.Logger),
		}
	}
	return s, nil
}

// engine is the store and broker of one engine, and what they share.
type engine struct {
	name     string
	store    store.Engine
	broker   store.Broker
	counters store.Counters
	client   io.Closer // the Redis client, closed after both
}

// openEngine returns the engine the configuration asks for.
func openEngine(cfg Config) (engine, error) {
	if cfg.RedisURL == "" {
		if cfg.DataDir == "" { // nothing on disk: a restart starts empty
			return engine{name: "embedded", store: store.NewMemoryStore().Engine(), broker: store.NewMemoryBroker(), counters: store.NewMemoryCounters()}, nil
		}
		st, err := store.OpenBoltStore(store.BoltConfig{Path: filepath.Join(cfg.DataDir, "ting.db"), Log: cfg.Logger})
		if err != nil {
			return engine{}, fmt.Errorf("server: TING_DATA_DIR: %w", err)
		}
		return engine{name: "embedded", store: st.Engine(), broker: store.NewMemoryBroker(), counters: store.NewMemoryCounters()}, nil
	}
	client, err := store.ParseRedisURL(cfg.RedisURL)
	if err != nil {
		return engine{}, fmt.Errorf("server: TING_REDIS_URL: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		_ = client.Close()
		return engine{}, fmt.Errorf("server: redis does not answer: %w", err)
	}
	rc := store.RedisConfig{Client: client, Prefix: cfg.RedisPrefix}
	return engine{name: "redis", store: store.NewRedisStore(rc).Engine(), broker: store.NewRedisBroker(rc), counters: store.NewRedisCounters(rc), client: client}, nil
}

func (e engine) close() {
	_ = e.broker.Close()
	_ = e.store.Close()
	if e.client != nil {
		_ = e.client.Close()
	}
}

// SignInLink makes a one-time sign-in link for the organisation's first
// owner, at base (the public URL, or the address the node listens on).
func (s *Server) SignInLink(ctx context.Context, base string) (string, error) {
	secret, err := s.auth.NewLink(ctx)
	if err != nil {
		return "", err
	}
	return api.SignInLink(strings.TrimRight(base, "/"), secret), nil
}

// printSignInLink logs a one-time sign-in link: with no identity provider,
// it is how the facilitator at the laptop gets in.
func (s *Server) printSignInLink(ctx context.Context, addr net.Addr) {
	base := s.cfg.PublicURL
	if base == "" {
		port := "8080"
		if ta, ok := addr.(*net.TCPAddr); ok {
			port = strconv.Itoa(ta.Port)
		}
		base = "http://localhost:" + port
	}
	link, err := s.SignInLink(ctx, base)
	if err != nil {
		s.cfg.Logger.Error("ting: no sign-in link", "err", err)
		return
	}
	s.cfg.Logger.Info("Facilitator sign-in: open this link on this computer (once, within 15 minutes)", "link", link)
}

// MetricsAddr returns the address /metrics is served on when
// Config.MetricsAddr is set, else "".
func (s *Server) MetricsAddr() string {
	if s.metricsLn == nil {
		return ""
	}
	return s.metricsLn.Addr().String()
}

// metricsHandler serves the node's registry.
func metricsHandler(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return mux
}

// Handler returns the node's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve accepts connections on ln until ctx is done, then shuts down.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(ln) }()
	if s.metrics != nil {
		go func() {
			if err := s.metrics.Serve(s.metricsLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.cfg.Logger.Error("ting: metrics listener", "err", err)
			}
		}()
		s.cfg.Logger.Info("ting: metrics", "addr", s.metricsLn.Addr().String())
	}
	s.cfg.Logger.Info("ting: listening", "addr", ln.Addr().String(), "engine", s.engine.name, "trustedProxies", cmp.Or(s.cfg.TrustedProxies.String(), "default (loopback or private, last hop)"))
	if s.cfg.OIDC.Issuer == "" && !s.cfg.NoSignInLink {
		s.printSignInLink(ctx, ln.Addr())
	}
	select {
	case err := <-errc:
		if s.metrics != nil {
			_ = s.metrics.Close()
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
		_ = s.svc.Shutdown(ctx) // its sweeper and presence timers use the engine
		cancel()
		s.engine.close()
		return err
	case <-ctx.Done():
	}
	return s.Shutdown()
}

// Run listens on Config.Addr and serves until ctx is done.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("server: listen on %s: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Shutdown stops accepting, sends every WebSocket a close frame, waits for
// connections to end, then closes the engine.
func (s *Server) Shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	httpDone := make(chan error, 1)
	go func() { httpDone <- s.http.Shutdown(ctx) }()
	err := s.svc.Shutdown(ctx)
	if herr := <-httpDone; herr != nil && !errors.Is(herr, http.ErrServerClosed) {
		err = errors.Join(err, herr)
	}
	if s.metrics != nil {
		_ = s.metrics.Shutdown(ctx)
	}
	s.engine.close()
	s.cfg.Logger.Info("ting: stopped")
	return err
}
