// Package oidctest runs a real OpenID Provider for tests and development:
// the op package of github.com/zitadel/oidc/v3 over that module's example
// in-memory storage, with users, a groups claim and a sign-in form of ours.
// Ting's tests sign in through it with the authorization code flow, PKCE
// and nonce, exactly as with Entra ID or Keycloak; cmd/oidc-dev serves it
// for the browser tests and for trying sign-in on a laptop.
package oidctest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// User is a person the provider signs in.
type User struct {
	Username, Password string
	Email, Name        string
	// Groups go into the "groups" claim.
	Groups []string
	// Unverified marks the e-mail address as not verified.
	Unverified bool
}

// Config sets up a Provider.
type Config struct {
	// Addr is where it listens (default 127.0.0.1:0, a free port).
	Addr string
	// ClientID and ClientSecret are Ting's client (defaults "ting" and a random secret).
	ClientID, ClientSecret string
	// RedirectURIs are the callbacks allowed; more may be added with AllowRedirect.
	RedirectURIs []string
	Users        []User
	Logger       *slog.Logger
}

// Provider is a running OpenID Provider.
type Provider struct {
	// Issuer is its address, what Ting's TING_OIDC_ISSUER is set to.
	Issuer                 string
	ClientID, ClientSecret string

	srv   *http.Server
	users map[string]User // by username

	mu        sync.Mutex
	redirects []string
}

// Start runs a provider until Close.
func Start(cfg Config) (*Provider, error) {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.ClientID == "" {
		cfg.ClientID = "ting"
	}
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = rand.Text()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	p := &Provider{
		Issuer: "http://" + ln.Addr().String(), ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
		users: map[string]User{}, redirects: slices.Clone(cfg.RedirectURIs),
	}
	us := userStore{byID: map[string]*storage.User{}}
	for i, u := range cfg.Users {
		p.users[u.Username] = u
		id := fmt.Sprintf("user%d", i+1)
		us.byID[id] = &storage.User{
			ID: id, Username: u.Username, Password: u.Password, FirstName: u.Name, Email: u.Email,
			EmailVerified: !u.Unverified, PreferredLanguage: language.Swedish,
		}
	}
	client := storage.WebClient(cfg.ClientID, cfg.ClientSecret, cfg.RedirectURIs...)
	st := &opStorage{Storage: storage.NewStorageWithClients(us, map[string]*storage.Client{cfg.ClientID: client}), p: p, users: us}
	key := sha256.Sum256([]byte(rand.Text()))
	provider, err := op.NewProvider(&op.Config{
		CryptoKey:          key,
		CodeMethodS256:     true,
		AuthMethodPost:     true,
		SupportedUILocales: []language.Tag{language.English},
	}, st, op.StaticIssuer(p.Issuer), op.WithAllowInsecure(), op.WithLogger(cfg.Logger))
	if err != nil {
		ln.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	login := &loginForm{st: st, callback: op.AuthCallbackURL(provider)}
	mux.HandleFunc("GET /login/username", login.show)
	mux.Handle("POST /login/username", op.NewIssuerInterceptor(provider.IssuerFromRequest).HandlerFunc(login.check))
	mux.Handle("/", provider)
	p.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

// AllowRedirect adds a callback Ting may be sent back to.
func (p *Provider) AllowRedirect(uri string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.redirects = append(p.redirects, uri)
}

func (p *Provider) redirectURIs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.redirects)
}

// Close stops the provider.
func (p *Provider) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return p.srv.Shutdown(ctx)
}

// userStore holds the provider's users for the example storage.
type userStore struct{ byID map[string]*storage.User }

func (u userStore) GetUserByID(id string) *storage.User { return u.byID[id] }
func (u userStore) GetUserByUsername(name string) *storage.User {
	for _, x := range u.byID {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (u userStore) ExampleClientID() string { return storage.ServiceUserID }

// opStorage is the example storage with redirect URIs that can grow and a
// groups claim in the ID token and UserInfo.
type opStorage struct {
	*storage.Storage
	p     *Provider
	users userStore
}

// redirectClient is Ting's client with the provider's current redirect URIs.
type redirectClient struct {
	op.Client
	p *Provider
}

func (c redirectClient) RedirectURIs() []string { return c.p.redirectURIs() }

func (s *opStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil || id != s.p.ClientID {
		return c, err
	}
	return redirectClient{Client: c, p: s.p}, nil
}

// claims adds what the example storage does not say: the groups, and an
// unverified address as "email_verified": false (it leaves a false out).
func (s *opStorage) claims(ui *oidc.UserInfo, userID string) {
	u := s.users.GetUserByID(userID)
	if u == nil {
		return
	}
	usr := s.p.users[u.Username]
	if usr.Groups != nil {
		ui.AppendClaims("groups", usr.Groups)
	}
	if usr.Unverified && ui.Email != "" {
		ui.AppendClaims("email_verified", false)
	}
}

func (s *opStorage) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, ui, req, scopes); err != nil {
		return err
	}
	s.claims(ui, req.GetSubject())
	return nil
}

func (s *opStorage) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	s.claims(ui, subject)
	return nil
}

// loginForm is the provider's sign-in page: user name and password.
type loginForm struct {
	st       *opStorage
	callback func(context.Context, string) string
}

var formPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Sign in</h1>{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/login/username">
<input type="hidden" name="id" value="{{.ID}}">
<label>User name <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form></main></body></html>`))

func (l *loginForm) show(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = formPage.Execute(w, map[string]string{"ID": r.URL.Query().Get("authRequestID")})
}

func (l *loginForm) check(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id := r.FormValue("id")
	if err := l.st.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), id); err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		_ = formPage.Execute(w, map[string]string{"ID": id, "Error": errors.Unwrap(fmt.Errorf("w: %w", err)).Error()})
		return
	}
	http.Redirect(w, r, l.callback(r.Context(), id), http.StatusFound)
}
