package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/store"
)

// facilitatorRoutes are the routes of the signed-in facilitator and the
// organisation: who am I, my API keys, sign-in links, the facilitators.
func (a *api) facilitatorRoutes(v1 *echo.Group) {
	me := v1.Group("/me", a.signedIn)
	me.GET("", a.me)
	me.GET("/keys", a.listKeys)
	me.POST("/keys", a.createKey)
	me.DELETE("/keys/:kid", a.revokeKey)
	me.POST("/links", a.createLink)
	f := v1.Group("/facilitators", a.signedIn)
	f.GET("", a.listFacilitators)
	f.POST("", a.createFacilitator)
	f.PATCH("/:fid", a.updateFacilitator)
	f.DELETE("/:fid", a.deleteFacilitator)
	v1.GET("/audit", a.organisationAudit, a.signedIn)
}

// facilitatorView is a facilitator as the API shows it.
type facilitatorView struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"createdAt,omitzero"`
	// APIKey is the first key, shown only when the facilitator is created.
	APIKey string `json:"apiKey,omitempty"`
}

func viewFacilitator(f store.Facilitator) facilitatorView {
	return facilitatorView{ID: f.ID, Email: f.Email, Name: f.Name, Role: f.Role, CreatedAt: f.CreatedAt}
}

type meView struct {
	facilitatorView
	// Admin: the owner key (TING_ADMIN_KEY), which has no facilitator record.
	Admin bool `json:"admin"`
	// Via is how the caller signed in: "cookie", "key" or "admin".
	Via string `json:"via"`
}

func (a *api) me(c *echo.Context) error {
	cl := currentCaller(c)
	via := "key"
	switch {
	case cl.Admin:
		via = "admin"
	case cl.Cookie:
		via = "cookie"
	}
	return c.JSON(http.StatusOK, meView{facilitatorView: viewFacilitator(cl.Facilitator), Admin: cl.Admin, Via: via})
}

type keyView struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
	// APIKey is the secret, shown only when the key is created.
	APIKey string `json:"apiKey,omitempty"`
}

func (a *api) listKeys(c *echo.Context) error {
	ks, err := a.auth.Keys(c.Request().Context(), currentCaller(c))
	if err != nil {
		return err
	}
	out := make([]keyView, 0, len(ks))
	for _, k := range ks {
		out = append(out, keyView{ID: k.ID, Name: k.Name, CreatedAt: k.CreatedAt})
	}
	return c.JSON(http.StatusOK, map[string]any{"keys": out})
}

func (a *api) createKey(c *echo.Context) error {
	var req struct {
		Name string `json:"name"`
	}
	if err := decode(c, &req); err != nil {
		return err
	}
	k, secret, err := a.auth.CreateKey(c.Request().Context(), currentCaller(c), req.Name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, keyView{ID: k.ID, Name: k.Name, CreatedAt: k.CreatedAt, APIKey: secret})
}

func (a *api) revokeKey(c *echo.Context) error {
	if err := a.auth.RevokeKey(c.Request().Context(), currentCaller(c), c.Param("kid")); err != nil {
		if err == store.ErrNotFound {
			return newError(http.StatusNotFound, "not_found", "you have no API key with that id")
		}
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// createLink makes a one-time sign-in link for the caller, to sign in
// another device (the phone that is the remote) without the provider;
// {"next": "/host?remote&s=<id>"} sends that device to one of Ting's pages
// once signed in, and "qr" is the link drawn as a QR code for the phone.
func (a *api) createLink(c *echo.Context) error {
	cl := currentCaller(c)
	id := cl.ID()
	if cl.Admin {
		id = "" // the organisation's first owner
	}
	var in struct {
		Next string `json:"next"`
	}
	if c.Request().ContentLength != 0 {
		if err := decode(c, &in); err != nil {
			return err
		}
	}
	next := ""
	if in.Next != "" {
		if next = localNext(in.Next); next == "" {
			return badRequest("next must be a path of /host or /workspace")
		}
	}
	secret, expires, err := a.auth.NewLinkFor(c.Request().Context(), id)
	if err != nil {
		return err
	}
	link := SignInLink(a.baseURL(c), secret)
	if next != "" {
		link += "&next=" + url.QueryEscape(next)
	}
	qr, err := qrDataURL(link)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"url": link, "expiresAt": expires, "qr": qr})
}

// SignInLink is the address of a one-time sign-in link.
func SignInLink(base, secret string) string { return base + "/auth/link?t=" + secret }

func (a *api) listFacilitators(c *echo.Context) error {
	fs, err := a.auth.Facilitators(c.Request().Context(), currentCaller(c))
	if err != nil {
		return err
	}
	out := make([]facilitatorView, 0, len(fs))
	for _, f := range fs {
		out = append(out, viewFacilitator(f))
	}
	return c.JSON(http.StatusOK, map[string]any{"facilitators": out})
}

func (a *api) createFacilitator(c *echo.Context) error {
	if !currentCaller(c).Owner() {
		return auth.ErrForbidden
	}
	var req struct {
		Email string `json:"email"`
		Name  string `json:"name"`
		Role  string `json:"role"`
	}
	if err := decode(c, &req); err != nil {
		return err
	}
	f, key, err := a.auth.CreateFacilitator(c.Request().Context(), currentCaller(c), auth.NewFacilitator{Email: req.Email, Name: req.Name, Role: req.Role})
	if err != nil {
		return err
	}
	v := viewFacilitator(f)
	v.APIKey = key
	return c.JSON(http.StatusCreated, v)
}

// organisationAudit is the owners' log of deleted sessions.
func (a *api) organisationAudit(c *echo.Context) error {
	evs, err := a.auth.Deletions(c.Request().Context(), currentCaller(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"events": evs})
}

func (a *api) updateFacilitator(c *echo.Context) error {
	if !currentCaller(c).Owner() {
		return auth.ErrForbidden
	}
	var req struct {
		Name *string `json:"name"`
		Role *string `json:"role"`
	}
	if err := decode(c, &req); err != nil {
		return err
	}
	f, err := a.auth.UpdateFacilitator(c.Request().Context(), currentCaller(c), c.Param("fid"), auth.FacilitatorChange{Name: req.Name, Role: req.Role})
	if err == store.ErrNotFound {
		return newError(http.StatusNotFound, "not_found", "no facilitator has that id")
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewFacilitator(f))
}

func (a *api) deleteFacilitator(c *echo.Context) error {
	err := a.auth.DeleteFacilitator(c.Request().Context(), currentCaller(c), c.Param("fid"))
	if err == store.ErrNotFound {
		return newError(http.StatusNotFound, "not_found", "no facilitator has that id")
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
