package server

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestHTTPErrorLogHasNoAddresses(t *testing.T) {
	var buf bytes.Buffer
	l := httpErrorLog(slog.New(slog.NewTextHandler(&buf, nil)))
	l.Printf("http: TLS handshake error from 192.168.10.77:51234: EOF")
	l.Printf("http: panic serving [2001:db8::1]:40000: boom")
	out := buf.String()
	for _, addr := range []string{"192.168.10.77", "2001:db8::1", "51234"} {
		if strings.Contains(out, addr) {
			t.Fatalf("log holds %s: %s", addr, out)
		}
	}
	if !strings.Contains(out, "TLS handshake error from [addr]") || !strings.Contains(out, "panic serving [addr]") {
		t.Fatalf("log lost its message: %s", out)
	}
}
