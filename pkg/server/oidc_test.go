package server_test

import (
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ting-live/ting/internal/oidctest"
	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/server"
)

// oidcNode runs a node on engine with a real OpenID Provider (zitadel's
// op) that knows users; the node's public URL is its own address.
func oidcNode(t *testing.T, engine string, users []oidctest.User, change func(*auth.OIDCConfig)) (*node, *oidctest.Provider) {
	t.Helper()
	p, err := oidctest.Start(oidctest.Config{Users: users})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	// The node's address is known only once it listens: a port is taken
	// first, and the provider allows its callback.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr
	p.AllowRedirect(base + "/auth/oidc/callback")
	n := startNodeAt(t, engine, newPrefix(t), addr, func(cfg *server.Config) {
		cfg.PublicURL = base
		cfg.OIDC = auth.OIDCConfig{Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret}
		if change != nil {
			change(&cfg.OIDC)
		}
	})
	return n, p
}

var authRequestID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// oidcSignIn walks a browser through the whole flow: Ting's login sends it
// to the provider, the provider's form takes the password, the provider
// sends the code back, Ting exchanges it (with the PKCE verifier) and sets
// its cookie. It returns the browser and the last answer's status.
func oidcSignIn(t *testing.T, n *node, p *oidctest.Provider, username, password string) (*browser, int) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, base: n.URL, c: &http.Client{Jar: jar}}
	resp, err := b.c.Get(n.URL + "/auth/oidc/login")
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Request.URL.String(), p.Issuer+"/login/username") {
		t.Fatalf("the provider's sign-in page: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	m := authRequestID.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no auth request id in %s", page)
	}
	resp, err = b.c.PostForm(p.Issuer+"/login/username", url.Values{"id": {m[1]}, "username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	readAll(resp)
	return b, resp.StatusCode
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 4096)
	for {
		k, err := resp.Body.Read(buf)
		sb.Write(buf[:k])
		if err != nil {
			return sb.String()
		}
	}
}

// The whole OpenID Connect sign-in against a real provider, on both
// engines: the first to sign in becomes the owner, a known e-mail address
// maps to its facilitator, a second person becomes a facilitator, and the
// cookie creates sessions.
func TestOIDCSignIn(t *testing.T) {
	users := []oidctest.User{
		{Username: "anna", Password: "hemligt", Email: "anna@kommun.se", Name: "Anna Ek"},
		{Username: "bo", Password: "hemligt", Email: "bo@kommun.se", Name: "Bo Ek"},
	}
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n, p := oidcNode(t, engine, users, nil)
			anna, code := oidcSignIn(t, n, p, "anna", "hemligt")
			if code != 200 {
				t.Fatalf("after sign-in: %d", code)
			}
			var me struct{ ID, Email, Name, Role, Via string }
			if code := anna.do("GET", n.URL+"/api/v1/me", nil, nil, &me); code != 200 || me.Email != "anna@kommun.se" || me.Role != "owner" || me.Name != "Anna Ek" || me.Via != "cookie" {
				t.Fatalf("anna: %d %+v", code, me)
			}
			var st struct{ SignedIn, OIDC bool }
			anna.do("GET", n.URL+"/auth/status", nil, nil, &st)
			if !st.SignedIn || !st.OIDC {
				t.Fatalf("status %+v", st)
			}
			if code := anna.do("POST", n.URL+"/api/v1/sessions", nil, map[string]string{"title": "Inloggad"}, nil); code != 201 {
				t.Fatalf("create signed in: %d", code)
			}
			// Signing in again maps to the same facilitator.
			again, _ := oidcSignIn(t, n, p, "anna", "hemligt")
			var me2 struct{ ID string }
			again.do("GET", n.URL+"/api/v1/me", nil, nil, &me2)
			if me2.ID != me.ID {
				t.Fatalf("second sign-in is %s, first %s", me2.ID, me.ID)
			}
			bo, _ := oidcSignIn(t, n, p, "bo", "hemligt")
			var boMe struct{ Role string }
			if bo.do("GET", n.URL+"/api/v1/me", nil, nil, &boMe); boMe.Role != "facilitator" {
				t.Fatalf("bo: %+v", boMe)
			}
			// A wrong password never reaches Ting.
			if _, code := oidcSignIn(t, n, p, "bo", "fel"); code != 401 {
				t.Fatalf("wrong password: %d", code)
			}
		})
	}
}

// The callback refuses what a browser did not start: a state without its
// cookie, a state used twice, a forged code.
func TestOIDCCallbackRefusesForgeries(t *testing.T) {
	n, p := oidcNode(t, "embedded", []oidctest.User{{Username: "anna", Password: "x", Email: "anna@kommun.se"}}, nil)
	b := newBrowser(t, n.URL)
	resp, err := b.c.Get(n.URL + "/auth/oidc/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	to, _ := url.Parse(resp.Header.Get("Location"))
	q := to.Query()
	if resp.StatusCode != 302 || !strings.HasPrefix(to.String(), p.Issuer) || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" {
		t.Fatalf("login redirect %d %s", resp.StatusCode, to)
	}
	state := q.Get("state")
	// Another browser (no state cookie) with the state and a made-up code.
	other := newBrowser(t, n.URL)
	if code, _ := other.get(n.URL + "/auth/oidc/callback?state=" + state + "&code=forged"); code != 401 {
		t.Fatalf("callback without the state cookie: %d", code)
	}
	// The right browser with a forged code: refused, and the state is spent.
	if code, _ := b.get(n.URL + "/auth/oidc/callback?state=" + state + "&code=forged"); code != 401 {
		t.Fatalf("forged code: %d", code)
	}
	if code := b.do("GET", n.URL+"/api/v1/me", nil, nil, nil); code != 401 {
		t.Fatalf("me after a refused callback: %d", code)
	}
}

// Allowed domains, a required group and an unverified address keep others out.
func TestOIDCDomainsAndGroup(t *testing.T) {
	users := []oidctest.User{
		{Username: "anna", Password: "x", Email: "anna@kommun.se", Groups: []string{"ting-facilitators"}},
		{Username: "eve", Password: "x", Email: "eve@annat.se", Groups: []string{"ting-facilitators"}},
		{Username: "bo", Password: "x", Email: "bo@kommun.se", Groups: []string{"ekonomi"}},
		{Username: "cia", Password: "x", Email: "cia@kommun.se", Groups: []string{"ting-facilitators"}, Unverified: true},
	}
	n, p := oidcNode(t, "embedded", users, func(c *auth.OIDCConfig) {
		c.AllowedDomains = []string{"kommun.se"}
		c.RequiredGroup = "ting-facilitators"
	})
	for _, tc := range []struct {
		user string
		want int
	}{{"eve", 403}, {"bo", 403}, {"cia", 403}, {"anna", 200}} {
		b, code := oidcSignIn(t, n, p, tc.user, "x")
		if code != tc.want {
			t.Errorf("%s: %d, want %d", tc.user, code, tc.want)
		}
		me := b.do("GET", n.URL+"/api/v1/me", nil, nil, nil)
		if (tc.want == 200) != (me == 200) {
			t.Errorf("%s: me %d", tc.user, me)
		}
	}
}

// Two nodes on one Redis: a sign-in started on node B finishes on node A
// (the public URL's node), and the login is valid on both.
func TestOIDCSignInAcrossNodes(t *testing.T) {
	p, err := oidctest.Start(oidctest.Config{Users: []oidctest.User{{Username: "anna", Password: "x", Email: "anna@kommun.se"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addrA := ln.Addr().String()
	ln.Close()
	public := "http://" + addrA
	p.AllowRedirect(public + "/auth/oidc/callback")
	prefix := newPrefix(t)
	conf := func(cfg *server.Config) {
		cfg.PublicURL = public
		cfg.OIDC = auth.OIDCConfig{Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret}
	}
	a := startNodeAt(t, "redis", prefix, addrA, conf)
	b := startNodeWith(t, "redis", prefix, conf)
	br, code := oidcSignIn(t, b, p, "anna", "x") // starts on B, the provider sends it back to A
	if code != 200 {
		t.Fatalf("sign-in: %d", code)
	}
	for _, n := range []*node{a, b} {
		var me struct{ Email string }
		if code := br.do("GET", n.URL+"/api/v1/me", nil, nil, &me); code != 200 || me.Email != "anna@kommun.se" {
			t.Fatalf("me on %s: %d %+v", n.URL, code, me)
		}
	}
}
