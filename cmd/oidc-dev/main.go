// Command oidc-dev runs a real OpenID Provider on this machine, for the
// browser tests and for trying Ting's sign-in without the organisation's
// provider. It prints the settings that point Ting at it. Never for
// production: its users and passwords are given on the command line.
//
//	oidc-dev -addr 127.0.0.1:9998 -redirect http://localhost:8080/auth/oidc/callback \
//	    -user anna@kommun.se:secret:Anna:ledning
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/ting-live/ting/internal/oidctest"
)

type users []oidctest.User

func (u *users) String() string { return fmt.Sprint(len(*u), " users") }

// Set reads email:password[:name[:group,group]].
func (u *users) Set(v string) error {
	parts := strings.SplitN(v, ":", 4)
	if len(parts) < 2 || !strings.Contains(parts[0], "@") {
		return fmt.Errorf("%q is not email:password[:name[:groups]]", v)
	}
	usr := oidctest.User{Username: parts[0], Email: parts[0], Password: parts[1], Name: parts[0]}
	if len(parts) > 2 && parts[2] != "" {
		usr.Name = parts[2]
	}
	if len(parts) > 3 && parts[3] != "" {
		usr.Groups = strings.Split(parts[3], ",")
	}
	*u = append(*u, usr)
	return nil
}

func main() {
	var us users
	addr := flag.String("addr", "127.0.0.1:9998", "listen address; the issuer is http://<addr>")
	redirect := flag.String("redirect", "http://localhost:8080/auth/oidc/callback", "Ting's redirect URI (<public URL>/auth/oidc/callback)")
	clientID := flag.String("client-id", "ting", "Ting's client id")
	secret := flag.String("client-secret", "", "Ting's client secret (default: random, printed)")
	flag.Var(&us, "user", "a user as email:password[:name[:group,group]] (repeatable; default anna@kommun.se:ting)")
	flag.Parse()
	if len(us) == 0 {
		_ = us.Set("anna@kommun.se:ting:Anna")
	}
	p, err := oidctest.Start(oidctest.Config{
		Addr: *addr, ClientID: *clientID, ClientSecret: *secret, RedirectURIs: []string{*redirect}, Users: us,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "oidc-dev:", err)
		os.Exit(1)
	}
	fmt.Printf("TING_OIDC_ISSUER=%s\nTING_OIDC_CLIENT_ID=%s\nTING_OIDC_CLIENT_SECRET=%s\n", p.Issuer, p.ClientID, p.ClientSecret)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	_ = p.Close()
}
