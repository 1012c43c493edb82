package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"
)

func TestParseTrustedProxies(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  ", ""},
		{"loopback,private", "loopback,private"},
		{"none", "none"},
		{" NONE ", "none"},
		{"203.0.113.10", "203.0.113.10/32"},
		{"loopback, 203.0.113.0/24", "loopback,203.0.113.0/24"},
		{"10.1.2.3/16", "10.1.0.0/16"}, // the range the address is in
		{"2001:db8::1", "2001:db8::1/128"},
		{"2001:db8::/32,private", "private,2001:db8::/32"},
		{"::ffff:192.0.2.1", "192.0.2.1/32"},
	} {
		p, err := ParseTrustedProxies(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got := p.String(); got != tc.want {
			t.Errorf("%q reads as %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, named string }{
		{"10.0.0.0/33", `"10.0.0.0/33"`},
		{"loopback, proxy.example", `"proxy.example"`},
		{"203.0.113.300", `"203.0.113.300"`},
		{"fe80::1%eth0", `"fe80::1%eth0"`},
		{"10.0.0.0/8,", "empty entry"},
		{"loopback,,private", "empty entry"},
		{"none,10.0.0.1", `"none"`},
		{"private,none", `"none"`},
	} {
		_, err := ParseTrustedProxies(tc.in)
		if err == nil {
			t.Errorf("%q accepted", tc.in)
			continue
		}
		if !strings.Contains(err.Error(), tc.named) {
			t.Errorf("%q: %v, want it to name %s", tc.in, err, tc.named)
		}
	}
}

// With a list, the client address is the first address from the right of
// X-Forwarded-For, with the peer appended, that is not a trusted proxy's;
// a peer not trusted is the client, whatever it forwards. The default
// reads only the last address a loopback or private peer forwards.
func TestClientAddrWalksTrustedHops(t *testing.T) {
	for _, tc := range []struct {
		trusted, peer, xff, want string
	}{
		// The default: a loopback or private peer is a proxy, its last address the client's.
		{"", "127.0.0.1:5000", "", "127.0.0.1"},
		{"", "127.0.0.1:5000", "198.51.100.7", "198.51.100.7"},
		{"", "10.0.0.2:5000", "198.51.100.7", "198.51.100.7"},
		{"", "[::1]:5000", "2001:db8::7", "2001:db8::7"},
		{"", "[::1]:5000", "[2001:db8::7]", "2001:db8::7"},
		{"", "203.0.113.9:5000", "198.51.100.7", "203.0.113.9"},
		{"", "127.0.0.1:5000", "1.2.3.4, 198.51.100.7", "198.51.100.7"}, // what the client sent is left of its address
		{"", "127.0.0.1:5000", "198.51.100.7, 10.0.0.3", "10.0.0.3"},    // one hop only
		{"", "10.0.0.2:5000", "1.2.3.4, 10.20.30.40", "10.20.30.40"},    // an intranet phone behind the proxy
		{"", "127.0.0.1:5000", "1.2.3.4", "1.2.3.4"},
		{"", "127.0.0.1:5000", "198.51.100.7", "198.51.100.7"},
		{"", "127.0.0.1:5000", "not-an-ip", "127.0.0.1"},
		{"", "169.254.0.5:5000", "198.51.100.7", "169.254.0.5"}, // link-local is no proxy
		// Listed, every trusted hop is passed over.
		{"loopback,private", "127.0.0.1:5000", "198.51.100.7, 10.0.0.3", "198.51.100.7"},
		{"loopback,private", "10.0.0.2:5000", "1.2.3.4, 10.20.30.40", "1.2.3.4"}, // why an intranet names its proxy
		{"loopback,private", "127.0.0.1:5000", "10.0.0.3", "10.0.0.3"},           // all trusted: the furthest
		{"169.254.0.0/16", "169.254.0.5:5000", "198.51.100.7", "198.51.100.7"},
		// none: every address is the peer's.
		{"none", "127.0.0.1:5000", "198.51.100.7", "127.0.0.1"},
		{"none", "10.20.30.40:5000", "198.51.100.7", "10.20.30.40"},
		// A phone on the intranet, straight to Ting; only the proxy is trusted.
		{"10.0.0.2", "10.20.30.40:5000", "198.51.100.7", "10.20.30.40"},
		{"10.0.0.2", "10.0.0.2:5000", "10.20.30.40", "10.20.30.40"},
		// A load balancer on a public address.
		{"203.0.113.0/24", "203.0.113.9:5000", "198.51.100.7", "198.51.100.7"},
		{"203.0.113.0/24", "203.0.113.9:5000", "198.51.100.7, 203.0.113.4", "198.51.100.7"},
		{"203.0.113.0/24", "127.0.0.1:5000", "198.51.100.7", "127.0.0.1"}, // loopback not listed
		{"203.0.113.0/24", "203.0.113.9:5000", "", "203.0.113.9"},
		{"2001:db8::/32", "[2001:db8::9]:5000", "198.51.100.7", "198.51.100.7"},
	} {
		p, err := ParseTrustedProxies(tc.trusted)
		if err != nil {
			t.Fatal(err)
		}
		e := echo.New()
		trustProxies(e, p)
		r := httptest.NewRequest(http.MethodGet, "/ws", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := e.IPExtractor(r); got != tc.want {
			t.Errorf("trusting %q, peer %s, X-Forwarded-For %q: %q, want %q", tc.trusted, tc.peer, tc.xff, got, tc.want)
		}
	}
}

// X-Forwarded-Proto makes a request https only from a trusted peer.
func TestSchemeFromTrustedProxyOnly(t *testing.T) {
	for _, tc := range []struct{ trusted, peer, want string }{
		{"", "127.0.0.1:5000", "https"},
		{"", "203.0.113.9:5000", "http"},
		{"none", "127.0.0.1:5000", "http"},
		{"203.0.113.9", "203.0.113.9:5000", "https"},
		{"203.0.113.9", "10.0.0.2:5000", "http"},
	} {
		p, err := ParseTrustedProxies(tc.trusted)
		if err != nil {
			t.Fatal(err)
		}
		e := echo.New()
		trustProxies(e, p)
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tc.peer
		r.Header.Set("X-Forwarded-Proto", "https")
		if got := e.SchemeExtractor(r); got != tc.want {
			t.Errorf("trusting %q, peer %s: %s, want %s", tc.trusted, tc.peer, got, tc.want)
		}
	}
}
