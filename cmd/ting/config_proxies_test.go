package main

import (
	"strings"
	"testing"
)

// TING_TRUSTED_PROXIES: unset it is the package's default (the zero
// value), none trusts no proxy, the flag wins over the environment, and a
// bad entry stops the start naming the entry and the setting.
func TestParseConfigTrustedProxies(t *testing.T) {
	def, err := parseConfig(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if def.TrustedProxies.String() != "" || envDefault(t, "trusted-proxies") != "" {
		t.Errorf("default trusted proxies %q (table %q), want the zero value", def.TrustedProxies, envDefault(t, "trusted-proxies"))
	}
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, map[string]string{"TING_TRUSTED_PROXIES": "none"}, "none"},
		{nil, map[string]string{"TING_TRUSTED_PROXIES": " "}, ""},
		{nil, map[string]string{"TING_TRUSTED_PROXIES": "loopback,private"}, "loopback,private"},
		{nil, map[string]string{"TING_TRUSTED_PROXIES": "203.0.113.10, 10.0.0.0/8"}, "203.0.113.10/32,10.0.0.0/8"},
		{[]string{"-trusted-proxies", "loopback,198.51.100.0/24"}, map[string]string{"TING_TRUSTED_PROXIES": "none"}, "loopback,198.51.100.0/24"},
	} {
		cfg, err := parseConfig(tc.args, env(tc.env))
		if err != nil {
			t.Errorf("%v %v: %v", tc.args, tc.env, err)
			continue
		}
		if got := cfg.TrustedProxies.String(); got != tc.want {
			t.Errorf("%v %v: trusted proxies %q, want %q", tc.args, tc.env, got, tc.want)
		}
	}
	for _, tc := range []struct {
		args []string
		env  map[string]string
		bad  string
	}{
		{[]string{"-trusted-proxies", "10.0.0.0/33"}, nil, `"10.0.0.0/33"`},
		{nil, map[string]string{"TING_TRUSTED_PROXIES": "10.0.0.1, lb.example.org"}, `"lb.example.org"`},
		{nil, map[string]string{"TING_TRUSTED_PROXIES": "none, 10.0.0.1"}, `"none"`},
		{[]string{"-trusted-proxies", "10.0.0.1,,10.0.0.2"}, nil, "empty entry"},
	} {
		_, err := parseConfig(tc.args, env(tc.env))
		if err == nil {
			t.Errorf("%v %v accepted", tc.args, tc.env)
			continue
		}
		for _, w := range []string{"trusted-proxies", "TING_TRUSTED_PROXIES", tc.bad} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v %v: %v, want it to name %s", tc.args, tc.env, err, w)
			}
		}
	}
}

// envDefault is the default of the setting flag in config.go's table.
func envDefault(t *testing.T, flag string) string {
	t.Helper()
	for _, s := range settings {
		if s.flag == flag {
			return s.def
		}
	}
	t.Fatalf("no setting %s", flag)
	return ""
}
