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
	if err != nil {
		return addr
	}
	if ip = ip.Unmap(); ip.Is4() {
		return ip.String()
	}
	p, err := ip.WithZone("").Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}
