package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/protocol"
)

// oidcStateCookie ties a started OpenID Connect sign-in to the browser
// that started it.
const oidcStateCookie = "ting_oidc"

// afterSignIn is where a signed-in browser goes.
const afterSignIn = "/host"

// signInRoutes are the browser's sign-in and sign-out.
func (a *api) signInRoutes(e *echo.Echo) {
	g := e.Group("/auth", middleware4KB)
	g.GET("/status", a.authStatus)
	g.GET("/link", a.linkSignIn)
	g.POST("/logout", a.logout)
	g.GET("/oidc/login", a.oidcLogin)
	g.GET("/oidc/callback", a.oidcCallback)
}

// middleware4KB keeps auth requests' bodies small (they have none).
func middleware4KB(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, 4<<10)
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

// secure reports whether cookies must be Secure: the public address, or
// this request, is https.
func (a *api) secure(c *echo.Context) bool {
	return strings.HasPrefix(a.baseURL(c), "https://") || c.Scheme() == "https"
}

func (a *api) setCookie(c *echo.Context, name, value, path string, maxAge time.Duration) {
	ck := &http.Cookie{
		Name: name, Value: value, Path: path, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: a.secure(c), MaxAge: int(maxAge.Seconds()),
	}
	if maxAge < 0 {
		ck.MaxAge = -1
	}
	c.SetCookie(ck)
}

// signIn sets the login cookie of a new login of the facilitator; a login
// the browser held before ends.
func (a *api) signIn(c *echo.Context, facilitatorID string) error {
	ctx := c.Request().Context()
	if ck, err := c.Cookie(auth.CookieName); err == nil && ck.Value != "" {
		if old, err := a.auth.Cookie(ctx, ck.Value); err == nil {
			_ = a.auth.SignOut(ctx, old)
		}
	}
	value, err := a.auth.SignIn(ctx, facilitatorID)
	if err != nil {
		return err
	}
	// The cookie lives as long as a login may; the store ends it sooner
	// when it is not used.
	a.setCookie(c, auth.CookieName, value, "/", auth.DefaultMaxAge)
	return nil
}

// authStatus tells a page whether its browser is signed in and which
// sign-in the server offers.
func (a *api) authStatus(c *echo.Context) error {
	out := map[string]any{"signedIn": false, "oidc": a.auth.OIDCEnabled(), "facilitator": nil}
	if ck, err := c.Cookie(auth.CookieName); err == nil {
		if cl, err := a.auth.Cookie(c.Request().Context(), ck.Value); err == nil {
			out["signedIn"], out["facilitator"] = true, viewFacilitator(cl.Facilitator)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// linkSignIn spends a one-time sign-in link and signs the browser in.
func (a *api) linkSignIn(c *echo.Context) error {
	f, err := a.auth.UseLink(c.Request().Context(), c.QueryParam("t"))
	if errors.Is(err, auth.ErrUnauthorized) {
		return c.String(http.StatusUnauthorized, "This sign-in link has been used or has expired. Restart Ting, or ask a signed-in facilitator, for a new one.\n")
	}
	if err != nil {
		return err
	}
	if err := a.signIn(c, f.ID); err != nil {
		return err
	}
	to := afterSignIn
	if next := localNext(c.QueryParam("next")); next != "" {
		to = next
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// logout ends the browser's login.
func (a *api) logout(c *echo.Context) error {
	if ck, err := c.Cookie(auth.CookieName); err == nil && ck.Value != "" {
		if err := a.sameOrigin(c); err != nil {
			return err
		}
		if cl, err := a.auth.Cookie(c.Request().Context(), ck.Value); err == nil {
			if err := a.auth.SignOut(c.Request().Context(), cl); err != nil {
				return err
			}
		}
	}
	a.setCookie(c, auth.CookieName, "", "/", -1)
	return c.NoContent(http.StatusNoContent)
}

// oidcLogin sends the browser to the organisation's identity provider.
func (a *api) oidcLogin(c *echo.Context) error {
	if !a.auth.OIDCEnabled() {
		return newError(http.StatusNotFound, protocol.CodeNotFound, "no identity provider is configured (TING_OIDC_ISSUER)")
	}
	to, state, err := a.auth.OIDCStart(c.Request().Context())
	if err != nil {
		a.cfg.Logger.Error("api: start sign-in", "err", err)
		return newError(http.StatusBadGateway, "unavailable", "the identity provider does not answer; try again shortly")
	}
	a.setCookie(c, oidcStateCookie, state, "/auth/oidc", 10*time.Minute)
	return c.Redirect(http.StatusFound, to)
}

// oidcCallback finishes a sign-in the provider sends back.
func (a *api) oidcCallback(c *echo.Context) error {
	a.setCookie(c, oidcStateCookie, "", "/auth/oidc", -1)
	if e := c.QueryParam("error"); e != "" {
		return c.String(http.StatusUnauthorized, "The identity provider did not sign you in ("+clip(e, 64)+").\n")
	}
	cookieState := ""
	if ck, err := c.Cookie(oidcStateCookie); err == nil {
		cookieState = ck.Value
	}
	f, err := a.auth.OIDCFinish(c.Request().Context(), c.QueryParam("state"), cookieState, c.QueryParam("code"))
	switch {
	case errors.Is(err, auth.ErrSignInRefused):
		a.cfg.Logger.Info("api: sign-in refused", "err", err)
		return c.String(http.StatusForbidden, "You are signed in at your organisation, but Ting does not admit this account.\n")
	case errors.Is(err, auth.ErrUnauthorized):
		a.cfg.Logger.Info("api: sign-in failed", "err", err)
		return c.String(http.StatusUnauthorized, "The sign-in could not be completed. Start it again.\n")
	case err != nil:
		return err
	}
	if err := a.signIn(c, f.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, afterSignIn)
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
