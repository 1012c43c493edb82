package main

import (
	"strings"
	"testing"

	"github.com/ting-live/ting/pkg/api"
	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/session"
)

// The limits' settings: defaults equal to those of the packages that own
// them (config.go holds string literals, which deploy/ reads), flags
// over environment, and a clear error naming the setting for a bad value.
func TestParseConfigLimits(t *testing.T) {
	def, err := parseConfig(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if def.MetricsAddr != "" || def.MaxConns != 0 || def.ConnsPerAddress != api.DefaultConnsPerAddress ||
		def.Joins.NewPerAddress != session.DefaultNewParticipantsPerAddress ||
		def.Joins.FailedPerAddress != session.DefaultFailedLookupsPerAddress ||
		def.Joins.FailedPerNode != session.DefaultFailedLookupsPerNode ||
		def.Create.SessionsPerFacilitator != auth.DefaultSessionsPerFacilitator ||
		def.Create.SessionsPerMinute != auth.DefaultSessionsPerMinute {
		t.Errorf("defaults: %+v", def)
	}
	cfg, err := parseConfig([]string{"-metrics-addr", "127.0.0.1:9090", "-joins-per-address", "900"}, env(map[string]string{
		"TING_METRICS_ADDR": ":9999", "TING_MAX_CONNS": "5000", "TING_FAILED_LOOKUPS": "50",
		"TING_SESSIONS_PER_FACILITATOR": "2000", "TING_SESSIONS_PER_MINUTE": "5",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MetricsAddr != "127.0.0.1:9090" || cfg.MaxConns != 5000 || cfg.Joins.NewPerAddress != 900 || cfg.Joins.FailedPerNode != 50 ||
		cfg.Create.SessionsPerFacilitator != 2000 || cfg.Create.SessionsPerMinute != 5 {
		t.Errorf("set: %+v", cfg)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-metrics-addr", "nine"}, "TING_METRICS_ADDR"},
		{[]string{"-conns-per-address", "0"}, "TING_CONNS_PER_ADDRESS"},
		{[]string{"-failed-lookups", "many"}, "TING_FAILED_LOOKUPS"},
		{[]string{"-max-conns", "-1"}, "TING_MAX_CONNS"},
		{[]string{"-sessions-per-minute", "0"}, "TING_SESSIONS_PER_MINUTE"},
		{[]string{"-sessions-per-facilitator", "lots"}, "TING_SESSIONS_PER_FACILITATOR"},
	} {
		if _, err := parseConfig(tc.args, env(nil)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want an error naming %s", tc.args, err, tc.want)
		}
	}
}
