package api

import (
	"net"
	"net/http"
	"strings"
)

// clientAddr is the address a request came from, for limits across
// connections: the peer's IP, or, when the peer is a proxy on a loopback
// or private address, the last address of its X-Forwarded-For (the one
// that proxy saw).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil || !(ip.IsLoopback() || ip.IsPrivate()) {
		return host
	}
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return host
	}
	last := xff[len(xff)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	if fwd := net.ParseIP(strings.TrimSpace(last)); fwd != nil {
		return fwd.String()
	}
	return host
}
