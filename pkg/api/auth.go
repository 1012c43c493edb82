package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/model"
	"github.com/ting-live/ting/pkg/protocol"
	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/store"
)

// The edge of authorization: a request's credentials become an
// auth.Caller (a facilitator, or the owner key) or, on a session's routes,
// an auth.Access (the caller's role there, or the session's facilitator
// token). Handlers below read only these values.
const (
	sessionKey = "ting.session"
	callerKey  = "ting.caller"
	accessKey  = "ting.access"
)

// credentials resolves a facilitator's credentials: an Authorization
// Bearer owner key or API key, else the login cookie. ok is false when
// the request names no facilitator (a session's facilitator token, a
// stale cookie, nothing). A cookie's unsafe requests must come from
// Ting's own pages.
func (a *api) credentials(c *echo.Context) (auth.Caller, bool, error) {
	ctx := c.Request().Context()
	if tok := bearer(c); tok != "" {
		return a.auth.Bearer(ctx, tok)
	}
	ck, err := c.Cookie(auth.CookieName)
	if err != nil || ck.Value == "" {
		return auth.Caller{}, false, nil
	}
	cl, err := a.auth.Cookie(ctx, ck.Value)
	if err != nil {
		return auth.Caller{}, false, nil
	}
	if err := a.sameOrigin(c); err != nil {
		return auth.Caller{}, true, err
	}
	return cl, true, nil
}

// sameOrigin refuses a cookie-authenticated unsafe request that a browser
// says comes from another site (Sec-Fetch-Site), or whose Origin is not
// this server's; a browser that sends neither is refused too.
func (a *api) sameOrigin(c *echo.Context) error {
	r := c.Request()
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	refused := newError(http.StatusForbidden, "forbidden", "a signed-in browser may change things only from Ting's own pages")
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return nil
	case "":
	default:
		return refused
	}
	origin := r.Header.Get("Origin")
	if origin == "" || !a.ownOrigin(r, origin) {
		return refused
	}
	return nil
}

// ownOrigin reports whether origin is this server's (the request's host or the public URL).
func (a *api) ownOrigin(r *http.Request, origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if a.cfg.PublicURL != "" {
		if pu, err := url.Parse(a.cfg.PublicURL); err == nil && strings.EqualFold(pu.Host, u.Host) && pu.Scheme == u.Scheme {
			return true
		}
	}
	return false
}

// signedIn lets a request through only with a facilitator's credentials.
func (a *api) signedIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		cl, ok, err := a.credentials(c)
		if err != nil {
			return err
		}
		if !ok {
			return auth.ErrUnauthorized
		}
		c.Set(callerKey, cl)
		return next(c)
	}
}

// access resolves what the request may do on the session or programme
// named noun: a signed-in facilitator gets the role signedIn finds, and is
// refused with none; without a facilitator, token must accept the
// request's facilitator token, which may do everything.
func (a *api) access(c *echo.Context, noun string, signedIn func(auth.Caller) (string, error), token func() error) (auth.Access, error) {
	cl, ok, err := a.credentials(c)
	if err != nil {
		return auth.Access{}, err
	}
	acc := auth.Access{Caller: cl}
	if !ok {
		if err := token(); err != nil {
			return auth.Access{}, err
		}
		acc.Role, acc.Token = store.RoleOwner, true
		return acc, nil
	}
	if acc.Role, err = signedIn(cl); err != nil {
		return auth.Access{}, err
	}
	if acc.Role == "" {
		return auth.Access{}, newError(http.StatusForbidden, protocol.CodeForbidden, "you have no role on this "+noun)
	}
	return acc, nil
}

// facilitator lets a request to a session's routes through with a
// facilitator who has a role on it, or the session's facilitator token,
// and puts the session and the access in the context.
func (a *api) facilitator(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		ctx := c.Request().Context()
		id := c.Param("id")
		var sess *model.Session
		acc, err := a.access(c, "session", func(cl auth.Caller) (role string, err error) {
			if sess, err = a.svc.Store().Session(ctx, id); err != nil {
				return "", err
			}
			return a.sessionRole(ctx, cl, sess)
		}, func() (err error) {
			sess, err = a.byToken(ctx, id, bearer(c))
			return err
		})
		if err != nil {
			return err
		}
		c.Set(sessionKey, sess)
		c.Set(accessKey, acc)
		return next(c)
	}
}

// need refuses a session's route to an access below l.
func need(l auth.Level) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			acc := currentAccess(c)
			if !acc.Allows(l) {
				msg := "a viewer may only read the session, its results and exports"
				switch {
				case l >= auth.Own && acc.Token:
					msg = "members and the audit log need the session's owner signed in or with an API key"
				case l >= auth.Own:
					msg = "only the session's owner may do this"
				}
				return newError(http.StatusForbidden, "forbidden", msg)
			}
			return next(c)
		}
	}
}

// byToken returns session id if token is its v1 facilitator token:
// session.ErrUnauthorized without a token, store.ErrNotFound for an
// unknown session, session.ErrForbidden for a token of another session.
// The session service's table of failures says what the client is told.
func (a *api) byToken(ctx context.Context, id, token string) (*model.Session, error) {
	if token == "" {
		return nil, session.ErrUnauthorized
	}
	sess, err := a.svc.Store().Session(ctx, id)
	if err != nil {
		return nil, err
	}
	if !auth.SessionTokenMatches(sess.TokenHash, token) {
		return nil, session.ErrForbidden
	}
	return sess, nil
}

// opener is the session.Opener of a request that names another session
// (a copy's original, a comparison's other run): the facilitator's role
// on it lets them read it, else the X-Source-Token must be its token.
func (a *api) opener(c *echo.Context) session.Opener {
	token := strings.TrimSpace(c.Request().Header.Get(sourceTokenHeader))
	return func(ctx context.Context, id string) (*model.Session, error) {
		if token == "" && a.readable(c, id) {
			return a.svc.Store().Session(ctx, id)
		}
		return a.byToken(ctx, id, token)
	}
}

// readable reports whether the request's facilitator (not a token) has a
// role on another session.
func (a *api) readable(c *echo.Context, otherID string) bool {
	cl, ok := c.Get(callerKey).(auth.Caller)
	if acc, isAcc := c.Get(accessKey).(auth.Access); isAcc {
		cl, ok = acc.Caller, !acc.Token
	}
	if !ok || otherID == "" {
		return false
	}
	other, err := a.svc.Store().Session(c.Request().Context(), otherID)
	if err != nil {
		return false
	}
	role, err := a.sessionRole(c.Request().Context(), cl, other)
	return err == nil && role != ""
}

// sessionRole is cl's role on sess: its own, or for a session of a
// programme the one its role on the programme gives it, whichever is
// higher (auth.SessionRole). A programme gives at most a co-facilitator's
// role, so the programme's members are read only for a lower one.
func (a *api) sessionRole(ctx context.Context, cl auth.Caller, sess *model.Session) (string, error) {
	role, err := a.auth.Role(ctx, cl, sess.ID)
	if err != nil || role == store.RoleOwner || role == store.RoleCofacilitator || sess.Programme == "" {
		return role, err
	}
	ms, err := a.svc.Store().ProgrammeMembers(ctx, sess.Programme)
	if errors.Is(err, store.ErrNotFound) {
		return role, nil // the programme was deleted: the session stands alone
	}
	if err != nil {
		return "", err
	}
	return auth.SessionRole(role, auth.ProgrammeRole(cl, ms)), nil
}

func bearer(c *echo.Context) string {
	h := c.Request().Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

func currentSession(c *echo.Context) *model.Session {
	return c.Get(sessionKey).(*model.Session)
}

func currentAccess(c *echo.Context) auth.Access {
	acc, _ := c.Get(accessKey).(auth.Access)
	return acc
}

func currentCaller(c *echo.Context) auth.Caller {
	cl, _ := c.Get(callerKey).(auth.Caller)
	return cl
}
