package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v5"

	"github.com/ting-live/ting/pkg/server"
	"github.com/ting-live/ting/pkg/webapp"
	"github.com/ting-live/ting/static"
)

// Every route of a session refuses a request without the facilitator token
// (401), with another session's or a made-up token (403), and with the
// token anywhere but the Authorization header; none of them changes the
// session. The routes are read from the router, so a new one is checked
// the day it is added.
func TestEverySessionRouteNeedsItsToken(t *testing.T) {
	n := startFaultNode(t, server.Config{})
	f := newSession(t, n.node)
	other := newSession(t, n.node)
	qid := f.question(map[string]any{"type": "open", "prompt": "Vad?"})
	var before map[string]any
	call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &before)

	routes := n.srv.Handler().(*echo.Echo).Router().Routes()
	checked := 0
	for _, r := range routes {
		if !strings.HasPrefix(r.Path, "/api/v1/sessions/:id") {
			continue
		}
		path := strings.NewReplacer(":id", f.s.ID, ":qid", qid).Replace(r.Path)
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, ":") || seg == "*" {
				path = strings.Replace(path, seg, "x", 1)
			}
		}
		url := n.URL + path
		for _, tc := range []struct {
			name   string
			header string
			url    string
			want   int
		}{
			{"no token", "", url, 401},
			{"another session's token", "Bearer " + other.s.FacilitatorToken, url, 403},
			{"a made-up token", "Bearer " + strings.Repeat("A", len(f.s.FacilitatorToken)), url, 403},
			{"the token as Basic", "Basic " + f.s.FacilitatorToken, url, 401},
			{"the token in the URL", "", url + "?token=" + f.s.FacilitatorToken + "&t=" + f.s.FacilitatorToken, 401},
		} {
			status, body := rawRequest(t, r.Method, tc.url, tc.header, `{"type":"open","prompt":"x","questionId":null,"locked":true}`)
			if status != tc.want {
				t.Errorf("%s %s with %s: %d %s, want %d", r.Method, r.Path, tc.name, status, body, tc.want)
			}
		}
		checked++
	}
	if checked < 8 {
		t.Fatalf("only %d session routes found", checked)
	}
	var after map[string]any
	call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &after)
	if after["seq"] != before["seq"] || len(after["questions"].([]any)) != 1 {
		t.Fatalf("refused requests changed the session: seq %v -> %v, questions %v", before["seq"], after["seq"], after["questions"])
	}
}

// Tokens are long random secrets: facilitator tokens 256 bits, participant
// tokens at least 128, never repeated, in URL-safe base64; the secret
// reaches a URL only in presentUrl's fragment.
func TestTokensCannotBeGuessed(t *testing.T) {
	n := startNode(t, "embedded", "")
	seen := map[string]bool{}
	bits := func(tok string) int {
		b, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil {
			t.Fatalf("token %q is not URL-safe base64: %v", tok, err)
		}
		return 8 * len(b)
	}
	var f *facilitator
	for range 20 {
		f = newSession(t, n)
		tok := f.s.FacilitatorToken
		if bits(tok) < 256 || seen[tok] {
			t.Fatalf("facilitator token %q: %d bits, seen before %v", tok, bits(tok), seen[tok])
		}
		seen[tok] = true
		if strings.Contains(f.s.JoinURL, tok) {
			t.Fatalf("joinUrl %q holds the token", f.s.JoinURL)
		}
		u, err := url.Parse(f.s.PresentURL)
		if err != nil || strings.Contains(u.Path+u.RawQuery, tok) || !strings.Contains(u.Fragment, tok) {
			t.Fatalf("presentUrl %q must keep the token in the fragment only", f.s.PresentURL)
		}
	}
	// Distinct characters over all tokens: a random source uses the alphabet.
	chars := map[rune]bool{}
	for i := range 50 {
		p := dial(t, n)
		tok := p.join(f.s.Code, "")["token"].(string)
		if bits(tok) < 128 || seen[tok] {
			t.Fatalf("participant token %d %q: %d bits, seen before %v", i, tok, bits(tok), seen[tok])
		}
		seen[tok] = true
		for _, r := range tok {
			chars[r] = true
		}
	}
	if len(chars) < 50 {
		t.Fatalf("50 participant tokens use only %d characters", len(chars))
	}
	// A made-up token joins as a new participant, never as someone else.
	p := dial(t, n)
	if tok := p.join(f.s.Code, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")["token"]; tok == "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" || seen[tok.(string)] {
		t.Fatalf("a made-up token was taken: %v", tok)
	}
}

// syncBuffer is a log sink safe for the node's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// No token reaches the log, at any level, whatever is asked with it.
func TestTokensNeverLogged(t *testing.T) {
	var logs syncBuffer
	n := startFaultNode(t, server.Config{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	f := newSession(t, n.node)
	other := newSession(t, n.node)
	qid := f.question(map[string]any{"type": "wordcloud", "prompt": "?"})
	f.state(map[string]any{"questionId": qid})
	call(t, "GET", f.url(""), other.s.FacilitatorToken, nil, nil)
	call(t, "GET", f.url("/results?token="+f.s.FacilitatorToken), "", nil, nil)
	call(t, "GET", n.URL+"/api/v1/sessions/nope", f.s.FacilitatorToken, nil, nil)
	screen := dial(t, n.node)
	screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": other.s.FacilitatorToken})
	screen.next("error", nil)
	screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
	screen.next("question", nil)
	p := dial(t, n.node)
	ptok := p.join(f.s.Code, "")["token"].(string)
	p.answer("a", qid, []string{"ord"})
	p.ws.Close()
	again := dial(t, n.node)
	again.join(f.s.Code, ptok)
	key := newFacilitatorKey(t, n.node, "logg@kommun.se", "facilitator")
	call(t, "GET", n.URL+"/api/v1/me", key, nil, nil)
	call(t, "GET", n.URL+"/api/v1/sessions/"+f.s.ID, key, nil, nil) // refused: no role
	call(t, "GET", n.URL+"/api/v1/me", key+"x", nil, nil)
	n.stop(t)
	out := logs.String()
	if out == "" {
		t.Fatal("the node logged nothing; the test would prove nothing")
	}
	for _, tok := range []string{f.s.FacilitatorToken, other.s.FacilitatorToken, ptok, key, adminKey} {
		if strings.Contains(out, tok) {
			t.Fatalf("a token is in the log:\n%s", out)
		}
	}
}

// The big screen needs the session's own facilitator token.
func TestPresentNeedsTheToken(t *testing.T) {
	n := startNode(t, "embedded", "")
	f := newSession(t, n)
	other := newSession(t, n)
	for name, tok := range map[string]any{
		"no token":                "",
		"another session's token": other.s.FacilitatorToken,
		"a token of wrong type":   42,
		"the participant token":   dial(t, n).join(f.s.Code, "")["token"],
	} {
		s := dial(t, n)
		s.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": tok})
		e := s.until("a reply", func(m map[string]any) bool { return true })
		if e["type"] != "error" || (e["code"] != "forbidden" && e["code"] != "bad_request") {
			t.Fatalf("present with %s: %v, want an error", name, e)
		}
		// Refused, it is in no room: a state change does not reach it.
		f.state(map[string]any{"resultsVisible": true})
		f.state(map[string]any{"resultsVisible": false})
		s.send(map[string]any{"type": "ping", "ref": "p"})
		if m := s.until("the pong", func(m map[string]any) bool { return true }); m["type"] != "pong" {
			t.Fatalf("refused screen (%s) got %v", name, m)
		}
	}
}

// The WebSocket takes browsers from its own origin, the public URL and
// configured origins only; clients that send no Origin (scripts, the load
// generator) are let in, as docs/api.md says.
func TestWebSocketOrigin(t *testing.T) {
	n := startFaultNode(t, server.Config{PublicURL: "https://ting.example.org", AllowedOrigins: []string{"https://intranet.kommun.se"}})
	ws := "ws" + strings.TrimPrefix(n.URL, "http") + "/ws"
	for _, tc := range []struct {
		origin string
		ok     bool
	}{
		{"", true},
		{n.URL, true},
		{"https://ting.example.org", true},
		{"https://intranet.kommun.se", true},
		{"https://evil.example", false},
		{"null", false},
		{"https://ting.example.org.evil.example", false},
		{"https://intranet.kommun.se.evil.example", false},
		{"http://127.0.0.1", false},
	} {
		h := http.Header{}
		if tc.origin != "" {
			h.Set("Origin", tc.origin)
		}
		c, resp, err := websocket.DefaultDialer.Dial(ws, h)
		if tc.ok {
			if err != nil {
				t.Errorf("Origin %q refused: %v", tc.origin, err)
				continue
			}
			c.Close()
			continue
		}
		if err == nil {
			c.Close()
			t.Errorf("Origin %q was let in", tc.origin)
			continue
		}
		if resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("Origin %q: %v, want 403", tc.origin, err)
		}
	}
}

// publicRoutes are the routes that answer without a facilitator token or
// a facilitator's credentials, each for a reason: pages and their files,
// probes, the phones' socket, the limits table (it says nothing of any
// session) and the steps of signing in. Every other route under /api/v1/
// needs a facilitator (TestFacilitatorRoutesNeedAFacilitator).
var publicRoutes = map[string]bool{
	"GET /":                   true,
	"GET /screen":             true,
	"GET /host":               true,
	"GET /programme":          true,
	"GET /report":             true,
	"GET /signin":             true, // the sign-in page: what it shows comes from /auth/status
	"GET /workspace":          true, // the page only; its data needs the login (/api/v1/...)
	"GET /assets*":            true,
	"GET /sw.js":              true, // the phone page's service worker
	"GET /qr.svg":             true,
	"GET /healthz":            true,
	"GET /readyz":             true,
	"GET /metrics":            true,
	"GET /ws":                 true,
	"GET /api/v1/limits":      true,
	"GET /auth/status":        true, // whether this browser is signed in
	"GET /auth/link":          true, // a one-time sign-in link: its secret is the credential
	"POST /auth/logout":       true, // ends this browser's login, if any
	"GET /auth/oidc/login":    true, // starts the sign-in at the identity provider
	"GET /auth/oidc/callback": true, // the provider's answer, checked against state and nonce
}

// A route outside a session's is public only on purpose: a new one fails
// here until it is either under /api/v1/sessions/:id (and so checked for
// its token above), under /api/v1/ (and so checked for a facilitator by
// TestFacilitatorRoutesNeedAFacilitator) or listed in publicRoutes.
func TestEveryOtherRouteIsPublicOnPurpose(t *testing.T) {
	n := startFaultNode(t, server.Config{})
	seen := map[string]bool{}
	for _, r := range n.srv.Handler().(*echo.Echo).Router().Routes() {
		key := r.Method + " " + r.Path
		if strings.HasPrefix(r.Path, "/api/v1/sessions/:id") || strings.HasPrefix(r.Path, "/api/v1/") && !publicRoutes[key] {
			continue
		}
		if strings.HasPrefix(r.Path, "/assets") {
			key = r.Method + " /assets*"
		}
		if r.Method == "HEAD" || r.Method == "OPTIONS" || strings.HasPrefix(r.Method, "echo_") { // echo's own not-found handlers
			continue
		}
		if !publicRoutes[key] {
			t.Errorf("%s %s answers without a token and is not in publicRoutes", r.Method, r.Path)
		}
		seen[key] = true
	}
	for key := range publicRoutes {
		if !seen[key] {
			t.Errorf("publicRoutes lists %s, which the router does not have", key)
		}
	}
}

// Every page and answer carries the security headers: a CSP that runs only
// the server's own scripts and forbids framing, nosniff, no referrer.
func TestSecurityHeadersOnEveryPage(t *testing.T) {
	n := startNode(t, "embedded", "")
	f := newSession(t, n)
	site, err := webapp.Build(static.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/", "/?code=" + f.s.Code, "/screen", "/host", "/programme", "/report?session=" + f.s.ID, "/signin", "/workspace", "/assets/phone.js", "/assets/base.css",
		site.URL("assets/phone.js"), site.URL("assets/base.css"), site.URL(webapp.BundleDir + "/phone.js"), site.URL(webapp.BundleDir + "/phone.css"), "/sw.js",
		"/qr.svg?code=" + f.s.Code, "/healthz", "/readyz", "/api/v1/limits", "/api/v1/sessions/" + f.s.ID, "/api/v1/sessions/" + f.s.ID + "/results", "/api/v1/sessions/" + f.s.ID + "/export.csv", "/api/v1/nope", "/no-such-page",
	} {
		req, _ := http.NewRequest("GET", n.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+f.s.FacilitatorToken) // API answers as the facilitator gets them
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-eval") || strings.Contains(strings.SplitN(csp[strings.Index(csp, "script-src"):]+";", ";", 2)[0], "unsafe-inline") {
			t.Errorf("%s: CSP %q lets inline or eval'd script run", path, csp)
		}
		if strings.HasPrefix(path, "/api/") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", path, h.Get("Cache-Control"))
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

// Every route of a session, read from the router, holds the roles: a
// facilitator with no role gets 403 on all, a viewer may only GET the
// session, results, exports and compare (and select answers), a
// co-facilitator all but delete,
// members and the audit log; a revoked or made-up API key is 401.
func TestEverySessionRouteHoldsTheRoles(t *testing.T) {
	n := startFaultNode(t, server.Config{})
	k := newRoleKeys(t, n.node)
	owner, cofac, viewer, stranger := k.owner, k.cofac, k.viewer, k.stranger
	var s created
	if code := call(t, "POST", n.URL+"/api/v1/sessions", owner, map[string]string{"title": "Roller"}, &s); code != 201 {
		t.Fatalf("create: %d", code)
	}
	f := &facilitator{t: t, base: n.URL, s: s}
	qid := f.question(map[string]any{"type": "open", "prompt": "Vad?"})
	k.share(f.url("/members"))

	viewerMay := map[string]bool{"GET /api/v1/sessions/:id": true, "GET /api/v1/sessions/:id/results": true,
		"GET /api/v1/sessions/:id/export.csv": true, "GET /api/v1/sessions/:id/export.xlsx": true, "GET /api/v1/sessions/:id/compare": true,
		// The working group selects examples: a viewer's one write (docs/api.md).
		"PATCH /api/v1/sessions/:id/answers/:aid": true}
	ownerOnly := map[string]bool{"DELETE /api/v1/sessions/:id": true, "POST /api/v1/sessions/:id/members": true,
		"DELETE /api/v1/sessions/:id/members/:fid": true, "GET /api/v1/sessions/:id/audit": true}
	checked := 0
	for _, r := range n.srv.Handler().(*echo.Echo).Router().Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/sessions/:id") || strings.Contains(r.Method, "not_found") {
			continue
		}
		route := r.Method + " " + r.Path
		path := strings.NewReplacer(":id", s.ID, ":qid", qid, ":fid", "x").Replace(r.Path)
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, ":") {
				path = strings.Replace(path, seg, "x", 1)
			}
		}
		for _, tc := range []struct {
			who, key string
			allowed  bool
		}{
			{"a facilitator with no role", stranger, false},
			{"a made-up API key", "ting_" + strings.Repeat("A", 43), false},
			{"a viewer", viewer, viewerMay[route]},
			{"a co-facilitator", cofac, !ownerOnly[route]},
		} {
			if ownerOnly[route] && tc.allowed {
				continue
			}
			// Changes a co-facilitator may make are not sent: the session stays as it is.
			if tc.allowed && r.Method != "GET" {
				continue
			}
			status, body := rawRequest(t, r.Method, n.URL+path, "Bearer "+tc.key, `{"type":"open","prompt":"x","locked":true}`)
			refused := status == 401 || status == 403
			want := 403
			if strings.HasPrefix(tc.key, "ting_AAAA") {
				want = 401
			}
			switch {
			case tc.allowed && refused:
				t.Errorf("%s by %s: %d %s, want it allowed", route, tc.who, status, body)
			case !tc.allowed && status != want:
				t.Errorf("%s by %s: %d %s, want %d", route, tc.who, status, body, want)
			}
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d session routes found", checked)
	}
	var sess struct{ Questions []any }
	call(t, "GET", f.url(""), owner, nil, &sess)
	if len(sess.Questions) != 1 {
		t.Fatalf("refused requests changed the session: %v", sess.Questions)
	}
}

// The facilitator routes outside a session need a facilitator: 401
// without credentials, with a made-up key and with a session's facilitator
// token (which is no facilitator); the owner's routes are 403 for others.
func TestFacilitatorRoutesNeedAFacilitator(t *testing.T) {
	n := startFaultNode(t, server.Config{})
	f := newSession(t, n.node)
	key := newFacilitatorKey(t, n.node, "anna@kommun.se", "facilitator")
	checked := 0
	for _, r := range n.srv.Handler().(*echo.Echo).Router().Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") || strings.HasPrefix(r.Path, "/api/v1/sessions/:id") || strings.HasPrefix(r.Path, "/api/v1/programmes/:id") || strings.Contains(r.Method, "not_found") || publicRoutes[r.Method+" "+r.Path] {
			continue
		}
		path := strings.NewReplacer(":kid", "x", ":fid", "x").Replace(r.Path)
		for _, tc := range []struct{ name, header string }{
			{"nothing", ""},
			{"a made-up key", "Bearer ting_" + strings.Repeat("B", 43)},
			{"a session's facilitator token", "Bearer " + f.s.FacilitatorToken},
			{"the owner key as Basic", "Basic " + adminKey},
		} {
			req, _ := http.NewRequest(r.Method, n.URL+path, strings.NewReader(`{"title":"x","email":"x@y.se"}`))
			req.Header.Set("Content-Type", "application/json")
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var e struct{ Error struct{ Code string } }
			_ = json.NewDecoder(resp.Body).Decode(&e)
			resp.Body.Close()
			if resp.StatusCode != 401 || e.Error.Code != "unauthorized" {
				t.Errorf("%s %s with %s: %d %s, want 401 unauthorized", r.Method, r.Path, tc.name, resp.StatusCode, e.Error.Code)
			}
		}
		checked++
	}
	if checked < 8 {
		t.Fatalf("only %d facilitator routes found", checked)
	}
	var me struct{ ID string }
	call(t, "GET", n.URL+"/api/v1/me", key, nil, &me)
	for _, r := range []struct{ method, path string }{
		{"POST", "/api/v1/facilitators"}, {"GET", "/api/v1/audit"},
		{"PATCH", "/api/v1/facilitators/" + me.ID}, {"DELETE", "/api/v1/facilitators/" + me.ID},
	} {
		if code := call(t, r.method, n.URL+r.path, key, map[string]string{"email": "x@y.se", "role": "owner"}, nil); code != 403 {
			t.Errorf("%s %s by a facilitator: %d, want 403", r.method, r.path, code)
		}
	}
}

// Every route of a programme refuses a request without credentials (401),
// with another programme's token, a session's token or a made-up one
// (403), and with the token anywhere but the Authorization header; a
// facilitator with no role on it is refused (403), a viewer may only read,
// a co-facilitator may do all but delete it and change its members.
// None of the refused requests changes the programme. The routes are read
// from the router.
func TestEveryProgrammeRouteNeedsItsRole(t *testing.T) {
	n := startFaultNode(t, server.Config{})
	k := newRoleKeys(t, n.node)
	owner, cofac, viewer, stranger := k.owner, k.cofac, k.viewer, k.stranger
	p := newProgramme(t, n.node, owner, "Program")
	other := newProgramme(t, n.node, owner, "Ett annat")
	sess := p.session("Seminarium 1")
	k.share(p.url("/members"))
	viewerMay := map[string]bool{"GET /api/v1/programmes/:id": true, "GET /api/v1/programmes/:id/results": true,
		"GET /api/v1/programmes/:id/export.csv": true, "GET /api/v1/programmes/:id/export.xlsx": true,
		"GET /api/v1/programmes/:id/groups": true, "GET /api/v1/programmes/:id/paired": true}
	ownerOnly := map[string]bool{"DELETE /api/v1/programmes/:id": true, "POST /api/v1/programmes/:id/members": true,
		"DELETE /api/v1/programmes/:id/members/:fid": true}
	checked := 0
	for _, r := range n.srv.Handler().(*echo.Echo).Router().Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/programmes/:id") || strings.Contains(r.Method, "not_found") {
			continue
		}
		route := r.Method + " " + r.Path
		url := n.URL + strings.NewReplacer(":id", p.ID, ":fid", "x").Replace(r.Path)
		for _, tc := range []struct {
			name, header, url string
			want              int // 0: allowed (checked on GET only)
		}{
			{"nothing", "", url, 401},
			{"another programme's token", "Bearer " + other.Token, url, 403},
			{"a session's token", "Bearer " + sess.s.FacilitatorToken, url, 403},
			{"a made-up token", "Bearer " + strings.Repeat("A", len(p.Token)), url, 403},
			{"the token as Basic", "Basic " + p.Token, url, 401},
			{"the token in the URL", "", url + "?token=" + p.Token + "&t=" + p.Token, 401},
			{"a made-up API key", "Bearer ting_" + strings.Repeat("A", 43), url, 401},
			{"a facilitator with no role", "Bearer " + stranger, url, 403},
			{"a viewer", "Bearer " + viewer, url, map[bool]int{true: 0, false: 403}[viewerMay[route]]},
			{"a co-facilitator", "Bearer " + cofac, url, map[bool]int{true: 403, false: 0}[ownerOnly[route]]},
			{"the owner key", "Bearer " + adminKey, url, 0},
		} {
			if tc.want == 0 && r.Method != "GET" {
				continue // changes that are allowed are not sent: the programme stays as it is
			}
			status, body := rawRequest(t, r.Method, tc.url, tc.header, `{"title":"x","facilitator":"x","role":"viewer"}`)
			refused := status == 401 || status == 403
			switch {
			case tc.want == 0 && refused:
				t.Errorf("%s by %s: %d %s, want it allowed", route, tc.name, status, body)
			case tc.want != 0 && status != tc.want:
				t.Errorf("%s with %s: %d %s, want %d", route, tc.name, status, body, tc.want)
			}
		}
		checked++
	}
	if checked < 8 {
		t.Fatalf("only %d programme routes found", checked)
	}
	// A session joins a programme only by a facilitator who runs it.
	for _, tc := range []struct {
		who, key string
		want     int
	}{{"a viewer", viewer, 403}, {"a stranger", stranger, 403}, {"the co-facilitator", cofac, 201}} {
		if code := call(t, "POST", n.URL+"/api/v1/sessions", tc.key, map[string]any{"title": "x", "programme": p.ID}, nil); code != tc.want {
			t.Errorf("a session of the programme by %s: %d, want %d", tc.who, code, tc.want)
		}
	}
	var got struct{ Sessions []any }
	call(t, "GET", p.url(""), owner, nil, &got)
	var ms struct{ Members []any }
	call(t, "GET", p.url("/members"), owner, nil, &ms)
	if len(got.Sessions) != 2 || len(ms.Members) != 3 {
		t.Fatalf("refused requests changed the programme: %d sessions (want 2), %d members (want 3)", len(got.Sessions), len(ms.Members))
	}
}

// rawRequest sends a JSON body with an Authorization header as given (none
// when empty) and returns the status and body.
func rawRequest(t *testing.T, method, url, authorization, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// roleKeys are the API keys of four facilitators: one who owns what the
// test makes, a co-facilitator and a viewer of it, and one with no role.
type roleKeys struct {
	t                              *testing.T
	n                              *node
	owner, cofac, viewer, stranger string
}

func newRoleKeys(t *testing.T, n *node) roleKeys {
	t.Helper()
	return roleKeys{t: t, n: n,
		owner:    newFacilitatorKey(t, n, "agare@kommun.se", "facilitator"),
		cofac:    newFacilitatorKey(t, n, "medhjalpare@kommun.se", "facilitator"),
		viewer:   newFacilitatorKey(t, n, "styrgrupp@kommun.se", "facilitator"),
		stranger: newFacilitatorKey(t, n, "annan@kommun.se", "facilitator"),
	}
}

// share gives the co-facilitator and the viewer their roles by the owner's
// POST to members (a session's or a programme's members URL).
func (k roleKeys) share(members string) {
	k.t.Helper()
	for _, m := range []struct{ key, role string }{{k.cofac, "cofacilitator"}, {k.viewer, "viewer"}} {
		var me struct{ ID string }
		call(k.t, "GET", k.n.URL+"/api/v1/me", m.key, nil, &me)
		if code := call(k.t, "POST", members, k.owner, map[string]string{"facilitator": me.ID, "role": m.role}, nil); code != 200 {
			k.t.Fatalf("share as %s: %d", m.role, code)
		}
	}
}
