package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ting-live/ting/pkg/api"
	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/server"
	"github.com/ting-live/ting/pkg/session"
)

// setting is one configuration value: a flag and the environment variable
// that sets its default.
type setting struct {
	flag, env, def, help string
}

// secretSettings never take the environment's value as the flag's
// default, so that --help cannot print it.
var secretSettings = map[string]bool{"admin-key": true, "oidc-client-secret": true}

var settings = []setting{
	{"addr", "TING_ADDR", ":8080", "listen address"},
	{"public-url", "TING_PUBLIC_URL", "", "address phones use, for links and QR codes (default: the address each request came to)"},
	{"data-dir", "TING_DATA_DIR", "ting-data", "where the embedded engine keeps its data; \"memory\" keeps nothing on disk"},
	{"redis-url", "TING_REDIS_URL", "", "use Redis: redis://host:port/db; a Cluster as redis://h1:p1?addr=h2:p2; Sentinel as redis://s1:26379/db?master_name=NAME&addr=s2:26379 (unset: embedded engine)"},
	{"redis-prefix", "TING_REDIS_PREFIX", "ting", "prefix of every Redis key"},
	{"allowed-origins", "TING_ALLOWED_ORIGINS", "", "comma-separated extra browser origins allowed on the WebSocket"},
	{"trusted-proxies", "TING_TRUSTED_PROXIES", "", "proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: comma-separated IPs, CIDR ranges, loopback, private, read from the right past every listed hop; none trusts no proxy (unset: a peer on a loopback or private address, and only the last address it forwards)"},
	{"shutdown-timeout", "TING_SHUTDOWN_TIMEOUT", "10s", "how long a graceful shutdown may take"},
	{"retention", "TING_RETENTION", "90d", "how long a session and every answer are kept after it is created, then deleted: days like 90d, or a duration like 720h"},
	{"log-level", "TING_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"admin-key", "TING_ADMIN_KEY", "", "the organisation owner's API key (Authorization: Bearer): may do everything; at least 16 characters"},
	{"oidc-issuer", "TING_OIDC_ISSUER", "", "OpenID Provider to sign facilitators in with, e.g. https://login.microsoftonline.com/<tenant>/v2.0 (unset: a one-time sign-in link is printed at start)"},
	{"oidc-client-id", "TING_OIDC_CLIENT_ID", "", "Ting's client id at the OpenID Provider"},
	{"oidc-client-secret", "TING_OIDC_CLIENT_SECRET", "", "Ting's client secret at the OpenID Provider"},
	{"oidc-allowed-domains", "TING_OIDC_ALLOWED_DOMAINS", "", "comma-separated e-mail domains admitted at sign-in (unset: every account the provider signs in)"},
	{"oidc-required-group", "TING_OIDC_REQUIRED_GROUP", "", "admit only accounts whose groups claim holds this group"},
	{"metrics-addr", "TING_METRICS_ADDR", "", "serve /metrics only on this address, like 127.0.0.1:9090 (unset: on the listen address)"},
	{"max-conns", "TING_MAX_CONNS", "0", "WebSockets the node holds open at most (0: the open-file limit less a tenth, at least 256, for the rest)"},
	{"conns-per-address", "TING_CONNS_PER_ADDRESS", "2000", "WebSockets one address holds open at most (a NAT'd theatre shares one)"},
	{"joins-per-address", "TING_JOINS_PER_ADDRESS", "600", "new participants a minute from one address, over all sessions"},
	{"failed-lookups-per-address", "TING_FAILED_LOOKUPS_PER_ADDRESS", "100", "join codes a minute from one address that match no session"},
	{"failed-lookups", "TING_FAILED_LOOKUPS", "300", "join codes a minute that match no session, for the node (with Redis: for every node together)"},
	{"sessions-per-facilitator", "TING_SESSIONS_PER_FACILITATOR", "500", "sessions one facilitator owns at most (the owner key: no limit)"},
	{"sessions-per-minute", "TING_SESSIONS_PER_MINUTE", "30", "sessions (copies too) one facilitator creates a minute, over every node (the owner key: no limit)"},
}

// parseConfig reads flags over environment variables over defaults.
func parseConfig(args []string, getenv func(string) string) (server.Config, error) {
	fs := flag.NewFlagSet("ting", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	vals := make(map[string]*string, len(settings))
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" && !secretSettings[s.flag] {
			def = v
		}
		vals[s.flag] = fs.String(s.flag, def, fmt.Sprintf("%s (env %s)", s.help, s.env))
	}
	fs.Usage = func() { usage(fs) }
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp { // fs has printed the usage
			os.Exit(0)
		}
		return server.Config{}, fmt.Errorf("%w (see ting --help)", err)
	}
	if fs.NArg() > 0 {
		return server.Config{}, fmt.Errorf("unexpected argument %q (see ting --help)", fs.Arg(0))
	}
	get := func(name string) string {
		if v := strings.TrimSpace(*vals[name]); v != "" {
			return v
		}
		return strings.TrimSpace(getenv(envOf(name))) // a secret's environment variable
	}

	// Every value is checked, and every mistake reported at once, each
	// naming its flag and environment variable.
	var errs []error
	bad := func(name, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s (%s): %s", name, envOf(name), fmt.Sprintf(format, a...)))
	}
	if _, port, err := net.SplitHostPort(get("addr")); err != nil || !isPort(port) {
		bad("addr", "%q is not host:port like :8080 or 127.0.0.1:8080", get("addr"))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(get("log-level"))); err != nil {
		bad("log-level", "%q is not debug, info, warn or error", get("log-level"))
	}
	timeout, err := time.ParseDuration(get("shutdown-timeout"))
	if err != nil || timeout <= 0 {
		bad("shutdown-timeout", "%q is not a positive duration like 10s", get("shutdown-timeout"))
	}
	retention, err := parseRetention(get("retention"))
	if err != nil {
		bad("retention", "%q is not a positive number of days like 90d or a duration like 720h", get("retention"))
	}
	if pu := get("public-url"); pu != "" {
		u, err := url.Parse(pu)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("public-url", "%q is not an http(s) address like https://ting.example.org", pu)
		}
	}
	if ru := get("redis-url"); ru != "" && !strings.HasPrefix(ru, "redis://") && !strings.HasPrefix(ru, "rediss://") {
		bad("redis-url", "it must start with redis:// or rediss://") // never the value: it may hold a password
	}
	if p := get("redis-prefix"); strings.ContainsAny(p, "{}") {
		bad("redis-prefix", "%q has { or }, which would change the Redis Cluster slot of every key", p)
	}
	if ma := get("metrics-addr"); ma != "" {
		if _, port, err := net.SplitHostPort(ma); err != nil || !isPort(port) {
			bad("metrics-addr", "%q is not host:port like 127.0.0.1:9090", ma)
		}
	}
	counts := map[string]int{}
	for _, name := range []string{"max-conns", "conns-per-address", "joins-per-address", "failed-lookups-per-address", "failed-lookups", "sessions-per-facilitator", "sessions-per-minute"} {
		n, err := strconv.Atoi(get(name))
		if err != nil || n < 0 || (n == 0 && name != "max-conns") {
			bad(name, "%q is not a positive whole number", get(name))
		}
		counts[name] = n
	}
	var origins []string
	for _, o := range strings.Split(get("allowed-origins"), ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if !isOrigin(o) {
			bad("allowed-origins", "%q is not an origin like https://intranet.example.org (scheme and host, no path)", o)
		}
		origins = append(origins, o)
	}
	proxies, err := api.ParseTrustedProxies(get("trusted-proxies"))
	if err != nil {
		bad("trusted-proxies", "%v", err)
	}
	if k := get("admin-key"); k != "" && len(k) < 16 {
		bad("admin-key", "it is shorter than 16 characters") // never the value
	}
	var domains []string
	for _, d := range strings.Split(get("oidc-allowed-domains"), ",") {
		if d = strings.TrimSpace(d); d != "" {
			domains = append(domains, d)
		}
	}
	if iss := get("oidc-issuer"); iss != "" {
		if u, err := url.Parse(iss); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("oidc-issuer", "%q is not an https address like https://login.example.org/realms/kommun", iss)
		}
		if get("oidc-client-id") == "" {
			bad("oidc-client-id", "it is required with %s", envOf("oidc-issuer"))
		}
		if get("public-url") == "" {
			bad("public-url", "it is required with %s: the redirect URI is <public URL>/auth/oidc/callback", envOf("oidc-issuer"))
		}
	}
	if len(errs) > 0 {
		return server.Config{}, fmt.Errorf("%w\n(see ting --help)", errors.Join(errs...))
	}
	dataDir := get("data-dir")
	if dataDir == "memory" {
		dataDir = ""
	}
	return server.Config{
		Addr:            get("addr"),
		PublicURL:       get("public-url"),
		DataDir:         dataDir,
		RedisURL:        get("redis-url"),
		RedisPrefix:     get("redis-prefix"),
		AllowedOrigins:  origins,
		TrustedProxies:  proxies,
		ShutdownTimeout: timeout,
		Retention:       retention,
		AdminKey:        get("admin-key"),
		OIDC: auth.OIDCConfig{
			Issuer: get("oidc-issuer"), ClientID: get("oidc-client-id"), ClientSecret: get("oidc-client-secret"),
			AllowedDomains: domains, RequiredGroup: get("oidc-required-group"),
		},
		MetricsAddr:     get("metrics-addr"),
		MaxConns:        counts["max-conns"],
		ConnsPerAddress: counts["conns-per-address"],
		Joins: session.JoinLimits{
			NewPerAddress:    counts["joins-per-address"],
			FailedPerAddress: counts["failed-lookups-per-address"],
			FailedPerNode:    counts["failed-lookups"],
		},
		Create: auth.CreateLimits{
			SessionsPerFacilitator: counts["sessions-per-facilitator"],
			SessionsPerMinute:      counts["sessions-per-minute"],
		},
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
	}, nil
}

// parseRetention reads days ("90d") or a Go duration ("720h"); it must be positive.
func parseRetention(v string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 || n > 100*365 {
			return 0, errors.New("bad days")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, errors.New("bad duration")
	}
	return d, nil
}

// envOf returns the environment variable of the flag name.
func envOf(name string) string {
	for _, s := range settings {
		if s.flag == name {
			return s.env
		}
	}
	return ""
}

// isPort reports whether p is a port number.
func isPort(p string) bool {
	_, err := strconv.ParseUint(p, 10, 16)
	return err == nil
}

// isOrigin reports whether o is a browser origin: http(s), a host, nothing after.
func isOrigin(o string) bool {
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil &&
		(u.Path == "" || u.Path == "/") && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery
}

func usage(fs *flag.FlagSet) {
	fmt.Fprintf(os.Stdout, "ting %s: live polls for large-group workshops\n\nUsage: ting [flags]\n\nEvery flag can also be set by its environment variable.\n\n", version)
	fs.SetOutput(os.Stdout)
	fs.PrintDefaults()
}
