package api

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"
)

// TrustedProxies are the peers whose X-Forwarded-For and X-Forwarded-Proto
// Ting believes (TING_TRUSTED_PROXIES). With a list, the client address
// that the limits across connections count is found by walking
// X-Forwarded-For from the right, past the peer and every listed hop: the
// first address not listed is the client's. A request from a peer not
// listed is the peer's, whatever it sends.
//
// The zero value is the default, the rule Ting has always had: a peer on a
// loopback or private address is a proxy, and the last address of its
// X-Forwarded-For (the one that proxy saw) is the client's; nothing left
// of it is read, so phones with private addresses of their own behind such
// a proxy cannot name another. Make others with ParseTrustedProxies.
type TrustedProxies struct {
	set      bool // false: the default
	loopback bool
	private  bool
	ranges   []*net.IPNet
}

// ParseTrustedProxies reads a comma-separated list of IP addresses, CIDR
// ranges (203.0.113.0/24, 2001:db8::/32), "loopback" and "private"; or
// "none", which trusts no proxy: every address is the peer's own. An empty
// list is the default (the zero value). The error names the first bad entry.
func ParseTrustedProxies(list string) (TrustedProxies, error) {
	if strings.TrimSpace(list) == "" {
		return TrustedProxies{}, nil
	}
	p := TrustedProxies{set: true}
	entries := strings.Split(list, ",")
	for _, e := range entries {
		e = strings.TrimSpace(e)
		switch {
		case e == "":
			return TrustedProxies{}, errors.New("an empty entry between commas")
		case strings.EqualFold(e, "none"):
			if len(entries) > 1 {
				return TrustedProxies{}, errors.New(`"none" must stand alone`)
			}
		case strings.EqualFold(e, "loopback"):
			p.loopback = true
		case strings.EqualFold(e, "private"):
			p.private = true
		case strings.Contains(e, "/"):
			_, n, err := net.ParseCIDR(e)
			if err != nil {
				return TrustedProxies{}, badProxy(e)
			}
			p.ranges = append(p.ranges, n)
		default:
			ip := net.ParseIP(e)
			if ip == nil {
				return TrustedProxies{}, badProxy(e)
			}
			bits := 8 * net.IPv6len
			if ip4 := ip.To4(); ip4 != nil {
				ip, bits = ip4, 8*net.IPv4len
			}
			p.ranges = append(p.ranges, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
		}
	}
	return p, nil
}

func badProxy(entry string) error {
	return fmt.Errorf("%q is not an IP address, a CIDR range like 10.0.0.0/8, loopback, private or none", entry)
}

// options are echo's trust options for p. Link-local addresses, which echo
// trusts by default, are trusted only when listed.
func (p TrustedProxies) options() []echo.TrustOption {
	if !p.set {
		p.loopback, p.private = true, true
	}
	opts := []echo.TrustOption{echo.TrustLoopback(p.loopback), echo.TrustLinkLocal(false), echo.TrustPrivateNet(p.private)}
	for _, r := range p.ranges {
		opts = append(opts, echo.TrustIPRange(r))
	}
	return opts
}

// trustProxies makes e's RealIP the client address and its Scheme https
// only on the connection's TLS or a trusted peer's X-Forwarded-Proto.
func trustProxies(e *echo.Echo, p TrustedProxies) {
	e.IPExtractor = echo.ExtractIPFromXFFHeader(p.options()...)
	if !p.set {
		e.IPExtractor = lastForwarded(e.IPExtractor)
	}
	e.SchemeExtractor = echo.ExtractSchemeFromHeaders(p.options()...)
}

// lastForwarded is the default's rule: extract reads only the last address
// of X-Forwarded-For, the one the peer added.
func lastForwarded(extract echo.IPExtractor) echo.IPExtractor {
	return func(r *http.Request) string {
		xff := r.Header.Values(echo.HeaderXForwardedFor)
		if len(xff) == 0 {
			return extract(r)
		}
		last := xff[len(xff)-1]
		if i := strings.LastIndexByte(last, ','); i >= 0 {
			last = last[i+1:]
		}
		one := *r
		one.Header = http.Header{echo.HeaderXForwardedFor: {last}}
		return extract(&one)
	}
}

// String is p as ParseTrustedProxies reads it; "" for the default, "none"
// for no proxy.
func (p TrustedProxies) String() string {
	if !p.set {
		return ""
	}
	var parts []string
	if p.loopback {
		parts = append(parts, "loopback")
	}
	if p.private {
		parts = append(parts, "private")
	}
	for _, r := range p.ranges {
		parts = append(parts, r.String())
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}
