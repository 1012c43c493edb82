package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/pkg/server"
)

func serverConfig() server.Config {
	return server.Config{Logger: slog.New(slog.DiscardHandler)}
}

func mustURL(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u
}

// browser is a browser with a cookie jar: signed in once it has opened a
// sign-in link. Its unsafe requests carry the Origin of the node, as a
// page of Ting's own would.
type browser struct {
	t    *testing.T
	c    *http.Client
	base string
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signInWithKey signs a new browser in as the facilitator of key, by a
// one-time link the facilitator asks for.
func signInWithKey(t *testing.T, n *node, key string) *browser {
	t.Helper()
	var link struct{ URL string }
	if code := call(t, "POST", n.URL+"/api/v1/me/links", key, nil, &link); code != 201 || link.URL == "" {
		t.Fatalf("sign-in link: %d", code)
	}
	b := newBrowser(t, n.URL)
	if code, _ := b.get(link.URL); code != http.StatusSeeOther {
		t.Fatalf("open sign-in link: %d", code)
	}
	return b
}

func (b *browser) get(url string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(url)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// do makes a request with the browser's cookies; headers replace the Origin.
func (b *browser) do(method, url string, headers map[string]string, body, out any) int {
	b.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if method != "GET" {
		req.Header.Set("Origin", b.base)
	}
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil && len(data) > 0 {
		_ = json.Unmarshal(data, out)
	}
	return resp.StatusCode
}

type sessionList struct {
	Sessions []struct {
		ID, Title, Code, Role string
		Participants          float64
	}
}

// The contract's facilitator routes on both engines: the owner key adds
// facilitators, whose keys are shown once and stored hashed; a facilitator
// owns what it creates, shares it, and the roles hold on every route.
func TestFacilitatorsAndRoles(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			var anna struct{ ID, Email, Name, Role, APIKey string }
			if code := call(t, "POST", n.URL+"/api/v1/facilitators", adminKey, map[string]string{"email": "anna@kommun.se", "name": "Anna", "role": "facilitator"}, &anna); code != 201 {
				t.Fatalf("create facilitator: %d", code)
			}
			if anna.ID == "" || anna.Role != "facilitator" || !strings.HasPrefix(anna.APIKey, "ting_") {
				t.Fatalf("created %+v", anna)
			}
			if code := call(t, "POST", n.URL+"/api/v1/facilitators", adminKey, map[string]string{"email": "ANNA@kommun.se"}, nil); code != 409 {
				t.Fatalf("same address again: %d, want 409", code)
			}
			if code := call(t, "POST", n.URL+"/api/v1/facilitators", anna.APIKey, map[string]string{"email": "x@kommun.se"}, nil); code != 403 {
				t.Fatalf("a facilitator adding facilitators: %d, want 403", code)
			}
			bo := newFacilitatorKey(t, n, "bo@kommun.se", "facilitator")
			cia := newFacilitatorKey(t, n, "cia@kommun.se", "facilitator")
			dan := newFacilitatorKey(t, n, "dan@kommun.se", "facilitator")
			id := func(key string) string {
				var me struct{ ID, Role string }
				if code := call(t, "GET", n.URL+"/api/v1/me", key, nil, &me); code != 200 {
					t.Fatalf("me: %d", code)
				}
				return me.ID
			}

			// API keys: listed without their secret, revoked by their facilitator.
			var k struct{ ID, APIKey string }
			if code := call(t, "POST", n.URL+"/api/v1/me/keys", anna.APIKey, map[string]string{"name": "skript"}, &k); code != 201 || k.APIKey == "" {
				t.Fatalf("new key: %d", code)
			}
			var keys struct{ Keys []map[string]any }
			call(t, "GET", n.URL+"/api/v1/me/keys", anna.APIKey, nil, &keys)
			if len(keys.Keys) != 2 || keys.Keys[1]["apiKey"] != nil {
				t.Fatalf("keys %v", keys.Keys)
			}
			if code := call(t, "DELETE", n.URL+"/api/v1/me/keys/"+k.ID, bo, nil, nil); code != 404 {
				t.Fatalf("revoking another's key: %d, want 404", code)
			}
			if code := call(t, "GET", n.URL+"/api/v1/me", k.APIKey, nil, nil); code != 200 {
				t.Fatalf("new key: %d", code)
			}
			if code := call(t, "DELETE", n.URL+"/api/v1/me/keys/"+k.ID, anna.APIKey, nil, nil); code != 204 {
				t.Fatalf("revoke: %d", code)
			}
			if code := call(t, "GET", n.URL+"/api/v1/me", k.APIKey, nil, nil); code != 401 {
				t.Fatalf("revoked key: %d, want 401", code)
			}

			// Anna's session, shared with Bo (co-facilitator) and Cia (viewer).
			var s created
			if code := call(t, "POST", n.URL+"/api/v1/sessions", anna.APIKey, map[string]string{"title": "Arbetsmiljö"}, &s); code != 201 {
				t.Fatalf("create: %d", code)
			}
			f := &facilitator{t: t, base: n.URL, s: s}
			qid := f.question(map[string]any{"type": "open", "prompt": "Vad?"})
			url := f.url("")
			for who, key := range map[string]string{"bo": bo, "cia": cia, "dan": dan} {
				if code := call(t, "GET", url, key, nil, nil); code != 403 {
					t.Fatalf("%s before sharing: %d, want 403", who, code)
				}
			}
			if code := call(t, "POST", url+"/members", anna.APIKey, map[string]string{"facilitator": id(bo), "role": "cofacilitator"}, nil); code != 200 {
				t.Fatalf("share with bo: %d", code)
			}
			if code := call(t, "POST", url+"/members", anna.APIKey, map[string]string{"facilitator": id(cia), "role": "viewer"}, nil); code != 200 {
				t.Fatalf("share with cia: %d", code)
			}
			if code := call(t, "POST", url+"/members", anna.APIKey, map[string]string{"facilitator": id(dan), "role": "owner"}, nil); code != 400 {
				t.Fatalf("share as owner: %d, want 400", code)
			}
			if code := call(t, "POST", url+"/members", s.FacilitatorToken, map[string]string{"facilitator": id(dan), "role": "viewer"}, nil); code != 403 {
				t.Fatalf("members with the session's token: %d, want 403", code)
			}
			var sess struct{ Role, PresentURL string }
			call(t, "GET", url, bo, nil, &sess)
			if sess.Role != "cofacilitator" || strings.Contains(sess.PresentURL, bo) || strings.Contains(sess.PresentURL, "&t=") {
				t.Fatalf("bo's view: %+v", sess)
			}
			// The co-facilitator runs it, but neither deletes it nor shares it.
			if code := call(t, "PATCH", url+"/state", bo, map[string]any{"questionId": qid}, nil); code != 200 {
				t.Fatalf("bo moves the room: %d", code)
			}
			if code := call(t, "POST", url+"/members", bo, map[string]string{"facilitator": id(dan), "role": "viewer"}, nil); code != 403 {
				t.Fatalf("bo shares: %d, want 403", code)
			}
			if code := call(t, "DELETE", url, bo, nil, nil); code != 403 {
				t.Fatalf("bo deletes: %d, want 403", code)
			}
			// The viewer reads results and exports, and changes nothing.
			for _, p := range []string{"", "/results", "/export.csv", "/export.xlsx"} {
				if code := call(t, "GET", url+p, cia, nil, nil); code != 200 {
					t.Fatalf("cia GET %s: %d", p, code)
				}
			}
			if code := call(t, "PATCH", url+"/state", cia, map[string]any{"locked": true}, nil); code != 403 {
				t.Fatalf("cia locks: %d, want 403", code)
			}

			// Workspaces: newest first, with the role; the owner key sees all.
			var later created
			call(t, "POST", n.URL+"/api/v1/sessions", anna.APIKey, map[string]string{"title": "Uppföljning"}, &later)
			var list sessionList
			call(t, "GET", n.URL+"/api/v1/sessions", anna.APIKey, nil, &list)
			if len(list.Sessions) != 2 || list.Sessions[0].ID != later.ID || list.Sessions[1].Role != "owner" {
				t.Fatalf("anna's sessions %+v", list.Sessions)
			}
			call(t, "GET", n.URL+"/api/v1/sessions", bo, nil, &list)
			if len(list.Sessions) != 1 || list.Sessions[0].Role != "cofacilitator" || list.Sessions[0].Code != s.Code {
				t.Fatalf("bo's sessions %+v", list.Sessions)
			}
			call(t, "GET", n.URL+"/api/v1/sessions?q=uppf", anna.APIKey, nil, &list)
			if len(list.Sessions) != 1 || list.Sessions[0].ID != later.ID {
				t.Fatalf("search: %+v", list.Sessions)
			}
			if code := call(t, "POST", f.url("/archive"), cia, map[string]bool{"archived": true}, nil); code != 403 {
				t.Fatalf("the viewer archives: %d, want 403", code)
			}
			if code := call(t, "POST", n.URL+"/api/v1/sessions/"+later.ID+"/archive", anna.APIKey, map[string]bool{"archived": true}, nil); code != 200 {
				t.Fatalf("archive: %d", code)
			}
			call(t, "GET", n.URL+"/api/v1/sessions?archived=false", anna.APIKey, nil, &list)
			if len(list.Sessions) != 1 || list.Sessions[0].ID != s.ID {
				t.Fatalf("sessions not archived: %+v", list.Sessions)
			}
			call(t, "GET", n.URL+"/api/v1/sessions?archived=true", anna.APIKey, nil, &list)
			if len(list.Sessions) != 1 || list.Sessions[0].ID != later.ID {
				t.Fatalf("archived sessions: %+v", list.Sessions)
			}
			call(t, "GET", n.URL+"/api/v1/sessions", dan, nil, &list)
			if len(list.Sessions) != 0 {
				t.Fatalf("dan's sessions %+v", list.Sessions)
			}
			call(t, "GET", n.URL+"/api/v1/sessions", adminKey, nil, &list)
			if len(list.Sessions) < 2 {
				t.Fatalf("the owner key's sessions %+v", list.Sessions)
			}
			// A copy by its owner needs no X-Source-Token.
			if code := call(t, "POST", n.URL+"/api/v1/sessions", anna.APIKey, map[string]string{"title": "Kopia", "copyOf": s.ID}, nil); code != 201 {
				t.Fatalf("copy of one's own session: %d", code)
			}
			if code := call(t, "POST", n.URL+"/api/v1/sessions", dan, map[string]string{"title": "Kopia", "copyOf": s.ID}, nil); code != 401 {
				t.Fatalf("copy by a stranger without the token: %d, want 401", code)
			}

			// Unsharing takes the role away; the audit log says who did what, never a participant.
			if code := call(t, "DELETE", url+"/members/"+id(cia), anna.APIKey, nil, nil); code != 204 {
				t.Fatalf("unshare: %d", code)
			}
			if code := call(t, "GET", url, cia, nil, nil); code != 403 {
				t.Fatalf("cia after unsharing: %d, want 403", code)
			}
			p := dial(t, n)
			p.send(map[string]any{"type": "join", "code": s.Code, "name": "Deltagare Ett"})
			ptok := p.next("welcome", nil)["token"].(string)
			var audit struct{ Events []map[string]any }
			if code := call(t, "GET", url+"/audit", bo, nil, nil); code != 403 {
				t.Fatalf("audit by the co-facilitator: %d, want 403", code)
			}
			call(t, "GET", url+"/audit", anna.APIKey, nil, &audit)
			var actions []string
			for _, e := range audit.Events {
				actions = append(actions, e["action"].(string))
				if e["by"] != anna.ID || e["at"] == nil {
					t.Fatalf("audit event %v", e)
				}
			}
			if strings.Join(actions, ",") != "created,shared,shared,unshared" {
				t.Fatalf("audit %v", audit.Events)
			}
			raw, _ := json.Marshal(audit)
			if strings.Contains(string(raw), ptok) || strings.Contains(string(raw), "Deltagare") {
				t.Fatalf("the audit log names a participant: %s", raw)
			}
			// Deleting takes the members and the log with it; the organisation's log keeps that it happened.
			if code := call(t, "DELETE", url, anna.APIKey, nil, nil); code != 204 {
				t.Fatalf("delete: %d", code)
			}
			if code := call(t, "GET", url+"/audit", adminKey, nil, nil); code != 404 {
				t.Fatalf("audit of a deleted session: %d, want 404", code)
			}
			call(t, "GET", n.URL+"/api/v1/sessions", bo, nil, &list)
			if len(list.Sessions) != 0 {
				t.Fatalf("bo's sessions after the delete %+v", list.Sessions)
			}
			var org struct{ Events []map[string]any }
			if code := call(t, "GET", n.URL+"/api/v1/audit", anna.APIKey, nil, nil); code != 403 {
				t.Fatalf("organisation log by a facilitator: %d, want 403", code)
			}
			call(t, "GET", n.URL+"/api/v1/audit", adminKey, nil, &org)
			if len(org.Events) != 1 || org.Events[0]["sessionId"] != s.ID || org.Events[0]["by"] != anna.ID || org.Events[0]["action"] != "deleted" {
				t.Fatalf("organisation log %v", org.Events)
			}
		})
	}
}

// A browser signs in with a one-time link: the cookie is HttpOnly and
// SameSite=Lax, works for the API and the big screen, cross-site writes are
// refused, and signing out ends it. The link works once.
func TestSignInLinkAndCookie(t *testing.T) {
	n := startFaultNode(t, withAdminKey(serverConfig()))
	link, err := n.srv.SignInLink(t.Context(), n.URL)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, n.URL)
	resp, err := b.c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ck := resp.Header.Get("Set-Cookie")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/host" || !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") || strings.Contains(ck, "Secure") {
		t.Fatalf("sign-in: %d %v", resp.StatusCode, resp.Header)
	}
	if code, _ := newBrowser(t, n.URL).get(link); code != 401 {
		t.Fatalf("the link a second time: %d, want 401", code)
	}
	var me struct{ Role, Email, Via string }
	if code := b.do("GET", n.URL+"/api/v1/me", nil, nil, &me); code != 200 || me.Role != "owner" || me.Via != "cookie" {
		t.Fatalf("me: %d %+v", code, me)
	}
	var st struct{ SignedIn, OIDC bool }
	b.do("GET", n.URL+"/auth/status", nil, nil, &st)
	if !st.SignedIn || st.OIDC {
		t.Fatalf("status %+v", st)
	}
	body := map[string]string{"title": "Från webbläsaren"}
	for name, h := range map[string]map[string]string{
		"no Origin":                 {"Origin": ""},
		"another Origin":            {"Origin": "https://evil.example"},
		"Sec-Fetch-Site cross-site": {"Sec-Fetch-Site": "cross-site"},
		"Sec-Fetch-Site same-site":  {"Sec-Fetch-Site": "same-site", "Origin": ""},
	} {
		if code := b.do("POST", n.URL+"/api/v1/sessions", h, body, nil); code != 403 {
			t.Errorf("create with %s: %d, want 403", name, code)
		}
	}
	var s created
	if code := b.do("POST", n.URL+"/api/v1/sessions", nil, body, &s); code != 201 {
		t.Fatalf("create from the page: %d", code)
	}
	if code := b.do("POST", n.URL+"/api/v1/sessions", map[string]string{"Origin": "", "Sec-Fetch-Site": "same-origin"}, body, nil); code != 201 {
		t.Fatalf("create with Sec-Fetch-Site same-origin: %d", code)
	}
	// The big screen on a signed-in browser presents without the token.
	f := &facilitator{t: t, base: n.URL, s: s}
	f.question(map[string]any{"type": "open", "prompt": "?"})
	h := http.Header{"Origin": {n.URL}}
	for _, c := range b.c.Jar.Cookies(mustURL(n.URL)) {
		h.Add("Cookie", c.Name+"="+c.Value)
	}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(n.URL, "http")+"/ws", h)
	if err != nil {
		t.Fatal(err)
	}
	screen := &client{t: t, ws: ws}
	t.Cleanup(func() { ws.Close() })
	screen.send(map[string]any{"type": "present", "sessionId": s.ID})
	screen.next("question", nil)
	// Without the cookie, no token: refused.
	bare := dial(t, n.node)
	bare.send(map[string]any{"type": "present", "sessionId": s.ID})
	if e := bare.next("error", nil); e["code"] != "forbidden" {
		t.Fatalf("present without cookie: %v", e)
	}

	if code := b.do("POST", n.URL+"/auth/logout", map[string]string{"Origin": "https://evil.example"}, nil, nil); code != 403 {
		t.Fatalf("cross-site sign-out: %d, want 403", code)
	}
	saved := b.c.Jar.Cookies(mustURL(n.URL))
	if code := b.do("POST", n.URL+"/auth/logout", nil, nil, nil); code != 204 {
		t.Fatalf("sign out: %d", code)
	}
	b.c.Jar.SetCookies(mustURL(n.URL), saved) // the old cookie, replayed
	if code := b.do("GET", n.URL+"/api/v1/me", nil, nil, nil); code != 401 {
		t.Fatalf("me after sign-out: %d, want 401", code)
	}
	// A phone on the same network, with no link: no sessions.
	if code := call(t, "POST", n.URL+"/api/v1/sessions", "", body, nil); code != 401 {
		t.Fatalf("create without credentials: %d, want 401", code)
	}
}

// Behind https (the public URL), the cookie is Secure.
func TestCookieSecureBehindHTTPS(t *testing.T) {
	cfg := withAdminKey(serverConfig())
	cfg.PublicURL = "https://ting.example.org"
	n := startFaultNode(t, cfg)
	link, _ := n.srv.SignInLink(t.Context(), n.URL)
	resp, err := newBrowser(t, n.URL).c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ck := resp.Header.Get("Set-Cookie"); !strings.Contains(ck, "Secure") || !strings.Contains(ck, "HttpOnly") {
		t.Fatalf("cookie %q", ck)
	}
}

// A sign-in on node A is valid on node B, a key made on B works on A, and
// a sign-out on B ends the login on A.
func TestLoginAcrossNodes(t *testing.T) {
	prefix := newPrefix(t)
	a := startNode(t, "redis", prefix)
	b := startNode(t, "redis", prefix)
	key := newFacilitatorKey(t, b, "anna@kommun.se", "facilitator")
	br := signInWithKey(t, a, key)
	var me struct{ Email string }
	br.base = b.URL
	if code := br.do("GET", b.URL+"/api/v1/me", nil, nil, &me); code != 200 || me.Email != "anna@kommun.se" {
		t.Fatalf("node B: %d %+v", code, me)
	}
	var s created
	if code := br.do("POST", b.URL+"/api/v1/sessions", nil, map[string]string{"title": "Två noder"}, &s); code != 201 {
		t.Fatalf("create on B: %d", code)
	}
	br.base = a.URL
	var list sessionList
	if code := br.do("GET", a.URL+"/api/v1/sessions", nil, nil, &list); code != 200 || len(list.Sessions) != 1 || list.Sessions[0].ID != s.ID {
		t.Fatalf("sessions on A: %d %+v", code, list)
	}
	br.base = b.URL
	saved := br.c.Jar.Cookies(mustURL(a.URL))
	if code := br.do("POST", b.URL+"/auth/logout", nil, nil, nil); code != 204 {
		t.Fatalf("sign out on B: %d", code)
	}
	br.c.Jar.SetCookies(mustURL(a.URL), saved) // the old cookie, replayed
	if code := call(t, "GET", a.URL+"/api/v1/me", key, nil, nil); code != 200 {
		t.Fatalf("the key on A: %d", code)
	}
	br.base = a.URL
	if code := br.do("GET", a.URL+"/api/v1/me", nil, nil, nil); code != 401 {
		t.Fatalf("A after sign-out on B: %d, want 401", code)
	}
}

// With no provider and no configuration, a start prints a one-time
// sign-in link; opening it signs the browser in as the organisation's
// first owner (made then). On the embedded engine with a data directory,
// the login survives a restart, and the next start prints a new link.
func TestPrintedSignInLinkAndRestart(t *testing.T) {
	dir := t.TempDir()
	start := func() (*node, *syncBuffer) {
		var logs syncBuffer
		n := startNodeWith(t, "embedded", "", func(cfg *server.Config) {
			cfg.DataDir = dir
			cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		})
		return n, &logs
	}
	linkIn := func(logs *syncBuffer) string {
		re := regexp.MustCompile(`Facilitator sign-in.*link="?(http://localhost:\d+/auth/link\?t=[\w-]+)`)
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if m := re.FindStringSubmatch(logs.String()); m != nil {
				return m[1]
			}
		}
		t.Fatalf("no sign-in link in the log:\n%s", logs.String())
		return ""
	}
	n, logs := start()
	printed := mustURL(linkIn(logs))
	if !strings.HasSuffix(n.URL, ":"+printed.Port()) {
		t.Fatalf("link %s is not for the node at %s", printed, n.URL)
	}
	b := newBrowser(t, n.URL)
	if code, _ := b.get(n.URL + printed.Path + "?" + printed.RawQuery); code != 303 {
		t.Fatalf("open the printed link: %d", code)
	}
	var me struct{ ID, Role string }
	if code := b.do("GET", n.URL+"/api/v1/me", nil, nil, &me); code != 200 || me.Role != "owner" {
		t.Fatalf("me: %d %+v", code, me)
	}
	var s created
	if code := b.do("POST", n.URL+"/api/v1/sessions", nil, map[string]string{"title": "Laptop"}, &s); code != 201 {
		t.Fatalf("create: %d", code)
	}
	n.stop(t)

	n2, logs2 := start()
	if second := linkIn(logs2); second == printed.String() {
		t.Fatal("the restart printed the same link")
	}
	b.base = n2.URL
	var me2 struct{ ID string }
	if code := b.do("GET", n2.URL+"/api/v1/me", nil, nil, &me2); code != 200 || me2.ID != me.ID {
		t.Fatalf("me after restart: %d %+v", code, me2)
	}
	var list sessionList
	if b.do("GET", n2.URL+"/api/v1/sessions", nil, nil, &list); len(list.Sessions) != 1 || list.Sessions[0].ID != s.ID {
		t.Fatalf("sessions after restart: %+v", list)
	}
}

// Signing in again in the same browser ends the login it held before.
func TestSignInAgainEndsTheOldLogin(t *testing.T) {
	n := startNode(t, "embedded", "")
	key := newFacilitatorKey(t, n, "anna@kommun.se", "facilitator")
	b := signInWithKey(t, n, key)
	old := b.c.Jar.Cookies(mustURL(n.URL))
	var link struct{ URL string }
	call(t, "POST", n.URL+"/api/v1/me/links", key, nil, &link)
	if code, _ := b.get(link.URL); code != 303 {
		t.Fatalf("second sign-in: %d", code)
	}
	if code := b.do("GET", n.URL+"/api/v1/me", nil, nil, nil); code != 200 {
		t.Fatalf("new login: %d", code)
	}
	b.c.Jar.SetCookies(mustURL(n.URL), old)
	if code := b.do("GET", n.URL+"/api/v1/me", nil, nil, nil); code != 401 {
		t.Fatalf("the old login after signing in again: %d, want 401", code)
	}
}

// The owner changes a facilitator's role and removes facilitators; the
// removed one's keys and logins end at once, and the last owner stays.
func TestOwnerManagesFacilitators(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			var anna, bo struct{ ID, APIKey string }
			call(t, "POST", n.URL+"/api/v1/facilitators", adminKey, map[string]string{"email": "anna@kommun.se", "role": "owner"}, &anna)
			call(t, "POST", n.URL+"/api/v1/facilitators", adminKey, map[string]string{"email": "bo@kommun.se"}, &bo)
			br := signInWithKey(t, n, bo.APIKey)
			var got struct{ Role, Name string }
			if code := call(t, "PATCH", n.URL+"/api/v1/facilitators/"+bo.ID, anna.APIKey, map[string]string{"role": "owner", "name": "Bo Ek"}, &got); code != 200 || got.Role != "owner" || got.Name != "Bo Ek" {
				t.Fatalf("make bo an owner: %d %+v", code, got)
			}
			if code := call(t, "PATCH", n.URL+"/api/v1/facilitators/"+anna.ID, anna.APIKey, map[string]string{"role": "facilitator"}, nil); code != 200 {
				t.Fatalf("anna steps down: %d", code)
			}
			if code := call(t, "DELETE", n.URL+"/api/v1/facilitators/"+bo.ID, adminKey, nil, nil); code != 400 {
				t.Fatalf("delete the last owner: %d, want 400", code)
			}
			if code := call(t, "PATCH", n.URL+"/api/v1/facilitators/"+anna.ID, adminKey, map[string]string{"role": "owner"}, nil); code != 200 {
				t.Fatalf("anna again owner: %d", code)
			}
			if code := call(t, "DELETE", n.URL+"/api/v1/facilitators/"+bo.ID, anna.APIKey, nil, nil); code != 204 {
				t.Fatalf("delete bo: %d", code)
			}
			if code := call(t, "GET", n.URL+"/api/v1/me", bo.APIKey, nil, nil); code != 401 {
				t.Fatalf("bo's key after the delete: %d, want 401", code)
			}
			if code := br.do("GET", n.URL+"/api/v1/me", nil, nil, nil); code != 401 {
				t.Fatalf("bo's login after the delete: %d, want 401", code)
			}
			if code := call(t, "DELETE", n.URL+"/api/v1/facilitators/"+bo.ID, anna.APIKey, nil, nil); code != 404 {
				t.Fatalf("delete again: %d, want 404", code)
			}
		})
	}
}
