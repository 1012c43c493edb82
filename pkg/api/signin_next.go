package api

import (
	"net/url"
	"strings"
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
