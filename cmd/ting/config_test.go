package main

import (
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
	if mem, _ := parseConfig([]string{"-data-dir", "memory"}, env(nil)); mem.DataDir != "" {
		t.Errorf("data-dir memory gave %q, want nothing on disk", mem.DataDir)
	}
}

func TestParseConfigRejects(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-log-level", "loud"}, "log-level"},
		{[]string{"-shutdown-timeout", "soon"}, "shutdown-timeout"},
		{[]string{"-public-url", "ting.example.org"}, "public-url"},
		{[]string{"-redis-url", "127.0.0.1:6379"}, "redis-url"},
		{[]string{"-no-such-flag"}, "no-such-flag"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		if _, err := parseConfig(tc.args, env(nil)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one naming %s", tc.args, err, tc.want)
		}
	}
}
