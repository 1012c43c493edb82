package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseConfigPrecedence(t *testing.T) {
	cfg, err := parseConfig([]string{"-addr", "127.0.0.1:9000"}, env(map[string]string{
		"TING_ADDR":             ":7000",
		"TING_REDIS_URL":        "redis://127.0.0.1:6379/2",
		"TING_PUBLIC_URL":       "https://ting.example.org/",
		"TING_SHUTDOWN_TIMEOUT": "3s",
		"TING_ALLOWED_ORIGINS":  "https://a.example, https://b.example",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9000" {
		t.Errorf("flag did not win over env: %q", cfg.Addr)
	}
	if cfg.RedisURL != "redis://127.0.0.1:6379/2" || cfg.PublicURL != "https://ting.example.org/" || cfg.ShutdownTimeout != 3*time.Second {
		t.Errorf("env not applied: %+v", cfg)
	}
	if len(cfg.AllowedOrigins) != 2 || cfg.AllowedOrigins[1] != "https://b.example" {
		t.Errorf("origins %q", cfg.AllowedOrigins)
	}
	def, err := parseConfig(nil, env(nil))
	if err != nil || def.Addr != ":8080" || def.RedisURL != "" || def.RedisPrefix != "ting" || def.DataDir != "ting-data" {
		t.Errorf("defaults %+v, %v", def, err)
	}
	if def.Retention != 90*24*time.Hour {
		t.Errorf("default retention %v, want 90 days", def.Retention)
	}
	if r, err := parseConfig([]string{"-retention", "30d"}, env(map[string]string{"TING_RETENTION": "7d"})); err != nil || r.Retention != 30*24*time.Hour {
		t.Errorf("retention flag over env: %v, %v", r.Retention, err)
	}
	if r, err := parseConfig(nil, env(map[string]string{"TING_RETENTION": "36h"})); err != nil || r.Retention != 36*time.Hour {
		t.Errorf("retention from env: %v, %v", r.Retention, err)
	}
	if mem, _ := parseConfig([]string{"-data-dir", "memory"}, env(nil)); mem.DataDir != "" {
		t.Errorf("data-dir memory gave %q, want nothing on disk", mem.DataDir)
	}
}

func TestParseConfigRejects(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want []string // all in the message
	}{
		{[]string{"-log-level", "loud"}, nil, []string{"log-level", "TING_LOG_LEVEL", `"loud"`}},
		{[]string{"-retention", "0d"}, nil, []string{"retention", "TING_RETENTION"}},
		{nil, map[string]string{"TING_RETENTION": "soon"}, []string{"retention", "TING_RETENTION", `"soon"`}},
		{[]string{"-shutdown-timeout", "soon"}, nil, []string{"shutdown-timeout", "TING_SHUTDOWN_TIMEOUT"}},
		{nil, map[string]string{"TING_SHUTDOWN_TIMEOUT": "-1s"}, []string{"shutdown-timeout", "TING_SHUTDOWN_TIMEOUT", "positive"}},
		{[]string{"-public-url", "ting.example.org"}, nil, []string{"public-url", "TING_PUBLIC_URL"}},
		{[]string{"-redis-url", "127.0.0.1:6379"}, nil, []string{"redis-url", "TING_REDIS_URL", "redis://"}},
		{[]string{"-redis-prefix", "ting{a}"}, nil, []string{"redis-prefix", "TING_REDIS_PREFIX"}},
		{[]string{"-addr", "8080"}, nil, []string{"addr", "TING_ADDR", `"8080"`}},
		{nil, map[string]string{"TING_ADDR": "localhost:port"}, []string{"addr", "TING_ADDR"}},
		{[]string{"-allowed-origins", "https://ok.example, https://a.example/path"}, nil, []string{"allowed-origins", "TING_ALLOWED_ORIGINS", "https://a.example/path"}},
		{[]string{"-allowed-origins", "intranet.example"}, nil, []string{"allowed-origins", "intranet.example"}},
		{[]string{"-no-such-flag"}, nil, []string{"no-such-flag", "ting --help"}},
		{[]string{"extra"}, nil, []string{"unexpected argument"}},
	} {
		t.Run(strings.Join(tc.args, " ")+fmt.Sprint(tc.env), func(t *testing.T) {
			_, err := parseConfig(tc.args, env(tc.env))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
}

// TestParseConfigReportsEveryMistake: one start shows every bad value, and
// a bad Redis URL is not echoed (it may hold a password).
func TestParseConfigReportsEveryMistake(t *testing.T) {
	_, err := parseConfig([]string{"-addr", "x", "-log-level", "loud", "-redis-url", "http://:hunter2@redis:6379"}, env(nil))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, w := range []string{"TING_ADDR", "TING_LOG_LEVEL", "TING_REDIS_URL"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not name %s", err, w)
		}
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q shows the Redis password", err)
	}
}

func TestParseConfigAccepts(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "[::1]:8080"},
		{"-addr", "127.0.0.1:0"},
		{"-redis-url", "redis://s1:26379/0?master_name=ting&addr=s2:26379"},
		{"-redis-url", "rediss://:pw@redis.example:6380/1"},
		{"-allowed-origins", "https://intranet.example/, http://10.0.0.5:8080"},
		{"-log-level", "DEBUG", "-shutdown-timeout", "1m30s"},
	} {
		if _, err := parseConfig(args, env(nil)); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// TestHelpListsEverySetting runs `ting --help` (this test binary, in a child
// process, since help exits) and wants every flag with its environment
// variable and default.
func TestHelpListsEverySetting(t *testing.T) {
	if os.Getenv("GO_TEST_TING_HELP") == "1" {
		_, _ = parseConfig([]string{"--help"}, os.Getenv)
		os.Exit(3) // help did not exit
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelpListsEverySetting$")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TING_") { // defaults, not this machine's settings
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "GO_TEST_TING_HELP=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ting --help: %v\n%s", err, out)
	}
	help := string(out)
	if n := strings.Count(help, "Usage: ting"); n != 1 {
		t.Errorf("%d usage lines, want 1:\n%s", n, help)
	}
	for _, s := range settings {
		i := strings.Index(help, "  -"+s.flag+" ")
		if i < 0 {
			t.Errorf("--help does not list -%s:\n%s", s.flag, help)
			continue
		}
		entry, _, _ := strings.Cut(help[i+3:], "\n  -")
		if !strings.Contains(entry, "(env "+s.env+")") {
			t.Errorf("-%s does not name %s: %q", s.flag, s.env, entry)
		}
		if s.def != "" && !strings.Contains(entry, fmt.Sprintf("(default %q)", s.def)) {
			t.Errorf("-%s does not show its default %q: %q", s.flag, s.def, entry)
		}
	}
}

// The facilitator settings: the owner key and the provider's client secret
// come from the environment or a flag; an issuer needs a client id and
// the public URL (the redirect URI is made from it); a short owner key is
// refused without the value in the error.
func TestParseConfigFacilitators(t *testing.T) {
	cfg, err := parseConfig(nil, env(map[string]string{
		"TING_ADMIN_KEY":            "an-owner-key-long-enough",
		"TING_PUBLIC_URL":           "https://ting.kommun.se",
		"TING_OIDC_ISSUER":          "https://login.microsoftonline.com/tenant/v2.0",
		"TING_OIDC_CLIENT_ID":       "ting",
		"TING_OIDC_CLIENT_SECRET":   "s3cret",
		"TING_OIDC_ALLOWED_DOMAINS": "kommun.se, region.se",
		"TING_OIDC_REQUIRED_GROUP":  "ting-facilitators",
	}))
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.OIDC
	if cfg.AdminKey != "an-owner-key-long-enough" || o.Issuer == "" || o.ClientID != "ting" || o.ClientSecret != "s3cret" ||
		len(o.AllowedDomains) != 2 || o.AllowedDomains[1] != "region.se" || o.RequiredGroup != "ting-facilitators" {
		t.Fatalf("facilitator settings %+v", cfg)
	}
	if cfg, err := parseConfig([]string{"-admin-key", "from-the-flag-0123456"}, env(map[string]string{"TING_ADMIN_KEY": "from-the-env-0123456"})); err != nil || cfg.AdminKey != "from-the-flag-0123456" {
		t.Fatalf("flag over env: %q %v", cfg.AdminKey, err)
	}
	_, err = parseConfig(nil, env(map[string]string{"TING_ADMIN_KEY": "short-key", "TING_OIDC_ISSUER": "https://idp.example"}))
	if err == nil || strings.Contains(err.Error(), "short-key") {
		t.Fatalf("short key and issuer alone: %v", err)
	}
	for _, want := range []string{"TING_ADMIN_KEY", "TING_OIDC_CLIENT_ID", "TING_PUBLIC_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}
