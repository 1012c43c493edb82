package api

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/labstack/echo/v5"
)

// DefaultTrustedProxies is TrustedProxies' default: a proxy on a loopback
// or private address (10/8, 172.16/12, 192.168/16, fc00::/7) is believed.
const DefaultTrustedProxies = "loopback,private"

// TrustedProxies are the peers whose X-Forwarded-For and X-Forwarded-Proto
// Ting believes (TING_TRUSTED_PROXIES). The client address that the limits
// across connections count is found by walking X-Forwarded-For from the
// right, past the peer and every trusted hop: the first address not
// trusted is the client's. A request from a peer not trusted is the
// peer's, whatever it sends. The zero value is DefaultTrustedProxies; make
// others with ParseTrustedProxies.
type TrustedProxies struct {
	set      bool // false: the default
	loopback bool
	private  bool
	ranges   []*net.IPNet
}

// ParseTrustedProxies reads a comma-separated list of IP addresses, CIDR
// ranges (203.0.113.0/24, 2001:db8::/32), "loopback" and "private"; or
// "none", which trusts no proxy: every address is the peer's own. An empty
// list is DefaultTrustedProxies. The error names the first bad entry.
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
	e.SchemeExtractor = echo.ExtractSchemeFromHeaders(p.options()...)
}

// String is p as ParseTrustedProxies reads it: "loopback,private" for the
// zero value, "none" for no proxy.
func (p TrustedProxies) String() string {
	if !p.set {
		return DefaultTrustedProxies
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
