package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/model"
)

// Buffer sizes of a WebSocket connection. Each connection keeps its read
// buffer for life, so it is small: phones send frames of a few hundred bytes,
// and larger frames are read past it. Write buffers come from writePool only
// while a message is written, so they can be large enough for a whole
// snapshot in one frame.
const (
	readBufferSize  = 256
	writeBufferSize = 4096
)

// writePool shares write buffers between connections: an idle connection holds none.
var writePool sync.Pool

// websocket upgrades a phone's or big screen's connection and hands it to
// the hub. It returns at once, so that this goroutine, the request and
// net/http's buffers of the connection are freed: an idle connection keeps
// only the hub's reader goroutine and the WebSocket's own small buffers.
//
// Each address may hold Config.ConnsPerAddress connections open, the node
// Config.MaxConns; past either the upgrade is refused. The address is the
// client's as Config.TrustedProxies finds it (client_addr.go).
func (a *api) websocket(c *echo.Context) error {
	addr := c.RealIP()
	switch a.conns.acquire(addr) {
	case "address":
		return newError(http.StatusTooManyRequests, "rate_limited", "too many connections from this address")
	case "total":
		return newError(http.StatusServiceUnavailable, "unavailable", "the server has as many connections as it can hold; try again shortly")
	}
	ws, err := a.upgrader.Upgrade(c.Response(), c.Request(), nil)
	if err != nil {
		a.conns.release(addr)
		return nil // the upgrader has answered the client
	}
	a.svc.Hub().Serve(ws, budgeted{Handler: a.wsClient(c, addr), release: func() { a.conns.release(addr) }})
	return nil
}

// wsClient is the handler of a new connection. Its present frames are
// authorised here: by the session's facilitator token in the frame, or,
// without one, for a signed-in browser (its login cookie; the upgrader has
// checked the Origin) by its facilitator's role on the session.
func (a *api) wsClient(c *echo.Context, addr string) hub.Handler {
	var cl *auth.Caller
	if ck, err := c.Cookie(auth.CookieName); err == nil && ck.Value != "" {
		if who, err := a.auth.Cookie(c.Request().Context(), ck.Value); err == nil {
			cl = &who
		}
	}
	return a.svc.NewClient(addr, func(ctx context.Context, sessionID, token string) (*model.Session, error) {
		if token == "" && cl != nil {
			if sess, err := a.svc.Store().Session(ctx, sessionID); err == nil {
				if role, err := a.sessionRole(ctx, *cl, sess); err == nil && role != "" {
					return sess, nil
				}
			}
		}
		return a.byToken(ctx, sessionID, token)
	})
}

// checkOrigin allows browsers only from this server's own pages (or the
// configured public address and extra origins); clients that send no
// Origin (scripts, the load generator) are allowed.
func (a *api) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if a.cfg.PublicURL != "" {
		if pu, err := url.Parse(a.cfg.PublicURL); err == nil && strings.EqualFold(pu.Host, u.Host) {
			return true
		}
	}
	for _, o := range a.cfg.AllowedOrigins {
		if strings.EqualFold(strings.TrimRight(o, "/"), origin) {
			return true
		}
	}
	return false
}
