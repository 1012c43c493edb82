package api

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// nextPages are the pages a one-time sign-in link may lead to once it has
// signed the browser in (the phone's remote, the workspace); anything else
// goes to afterSignIn, so that a link can never send a browser off-site.
var nextPages = map[string]bool{"/host": true, "/workspace": true}

// localNext is next when it is one of Ting's own pages (with its query),
// else "".
func localNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !nextPages[u.Path] {
		return ""
	}
	return u.RequestURI()
}

// qrSVG draws text as an SVG QR code.
func qrSVG(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, err
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
	return b.Bytes(), nil
}

// qrDataURL is text's QR code as an image address (data:image/svg+xml).
func qrDataURL(text string) (string, error) {
	svg, err := qrSVG(text)
	if err != nil {
		return "", err
	}
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg), nil
}
