package server_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ting-live/ting/pkg/webapp"
	"github.com/ting-live/ting/static"
)

// A node serves its pages compressed and revalidated, each with one
// bundled script and style sheet, their files under the build's version for
// a year, the old unversioned URLs revalidated, and the
// service worker at the root.
func TestPagesCompressedAndCached(t *testing.T) {
	n := startNode(t, "embedded", "")
	site, err := webapp.Build(static.FS)
	if err != nil {
		t.Fatal(err)
	}
	<-site.Compressed()
	do := func(path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", n.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		// A transport of its own: the default one would ask for gzip and
		// undo it out of sight.
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}

	for _, page := range []string{"/", "/?code=12345678", "/screen", "/host", "/programme", "/report?programme=p1", "/signin", "/workspace"} {
		res, _ := do(page, "Accept-Encoding", "gzip, deflate, br")
		h := res.Header
		if res.StatusCode != 200 || h.Get("Content-Encoding") != "br" || h.Get("Vary") != "Accept-Encoding" || h.Get("Cache-Control") != "no-cache" || h.Get("ETag") == "" {
			t.Errorf("%s: %d %v", page, res.StatusCode, h)
			continue
		}
		again, body := do(page, "Accept-Encoding", "gzip, deflate, br", "If-None-Match", h.Get("ETag"))
		if again.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("%s again: %d with %d bytes, want 304", page, again.StatusCode, len(body))
		}
	}

	if site.BundleErr != nil {
		t.Fatalf("web app not bundled: %v", site.BundleErr)
	}
	_, phone := do("/")
	if !strings.Contains(phone, `<script type="module" src="`+site.URL(webapp.BundleDir+"/phone.js")+`">`) ||
		!strings.Contains(phone, `<link rel="stylesheet" href="`+site.URL(webapp.BundleDir+"/phone.css")+`">`) ||
		strings.Count(phone, "<script") != 1 || strings.Count(phone, `rel="stylesheet"`) != 1 {
		t.Errorf("phone page does not name its versioned bundles, and only them:\n%s", phone)
	}
	for _, m := range regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(phone, -1) {
		res, _ := do(m[1], "Accept-Encoding", "gzip")
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != webapp.Immutable {
			t.Errorf("%s: %d %q", m[1], res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}

	old, body := do("/assets/phone.js", "Accept-Encoding", "gzip")
	if old.StatusCode != 200 || old.Header.Get("Content-Encoding") != "gzip" || old.Header.Get("Cache-Control") != "no-cache" || len(body) == 0 {
		t.Errorf("unversioned /assets/phone.js: %d %v", old.StatusCode, old.Header)
	}

	sw, script := do("/sw.js")
	if sw.StatusCode != 200 || sw.Header.Get("Cache-Control") != "no-cache" || !strings.HasPrefix(script, `self.TING_OFFLINE = {"version":"`+site.Version+`"`) ||
		!strings.Contains(script, `"`+site.URL(webapp.BundleDir+"/phone.js")+`"`) || !strings.Contains(script, `"`+site.URL(webapp.BundleDir+"/phone.css")+`"`) {
		t.Errorf("/sw.js: %d %v %.200s", sw.StatusCode, sw.Header, script)
	}
	if !strings.Contains(sw.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("/sw.js without the CSP: %v", sw.Header)
	}
}
