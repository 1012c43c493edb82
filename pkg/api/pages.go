package api

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v5"
	qrcode "github.com/skip2/go-qrcode"
)

// pages serves the web app: the phone page at /, the big screen at /screen,
// the facilitator at /host, their files under /assets, and join QR codes.
func (a *api) pages(e *echo.Echo) {
	if a.cfg.Pages == nil {
		return
	}
	page := func(name string) echo.HandlerFunc {
		return func(c *echo.Context) error {
			c.Response().Header().Set("Cache-Control", "no-cache")
			return c.FileFS(name, a.cfg.Pages)
		}
	}
	e.GET("/", page("phone.html"))
	e.GET("/screen", page("screen.html"))
	e.GET("/host", page("host.html"))
	if assets, err := fs.Sub(a.cfg.Pages, "assets"); err == nil {
		e.StaticFS("/assets", assets)
	}
	e.GET("/qr.svg", a.qr)
}

// qr draws the join link of a code as an SVG QR code.
func (a *api) qr(c *echo.Context) error {
	code := c.QueryParam("code")
	if len(code) < 6 || len(code) > 8 || !digits(code) {
		return badRequest("code must be 6 to 8 digits")
	}
	q, err := qrcode.New(joinURL(a.baseURL(c), code), qrcode.Medium)
	if err != nil {
		return err
	}
	bits := q.Bitmap()
	var b bytes.Buffer
	n := len(bits)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "image/svg+xml", b.Bytes())
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
