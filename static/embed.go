// Package static holds Ting's web app: the phone page, the big screen and
// the facilitator page, plain HTML, CSS and ES modules served from the binary.
package static

import "embed"

// FS holds phone.html, screen.html, host.html and assets/.
//
//go:embed *.html assets
var FS embed.FS
