package session

import "net/netip"

// AddressKey is what the limits on one address count a client's address
// (an IP address, as the HTTP edge found it) under: an IPv4 address as it
// is, an IPv6 address by its /64. One phone or one home holds a whole /64
// and may pick any address in it, so a limit on single IPv6 addresses
// would be no limit. Anything that does not parse (an IPv6 /64 it made
// already, say) is its own key.
func AddressKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	switch {
	case err != nil || ip.Is4():
		return addr // ParseAddr takes only the plain dotted form of IPv4
	case ip.Is4In6():
		return ip.Unmap().String()
	}
	p, err := ip.WithZone("").Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}
