package session_test

import (
	"testing"

	"github.com/ting-live/ting/pkg/session"
)

func TestAddressKey(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8:7:42:a:b:c:d", "2001:db8:7:42::/64"},
		{"2001:0db8:0007:0042::1", "2001:db8:7:42::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"2001:db8:7:42::/64", "2001:db8:7:42::/64"}, // a key already
		{"not an address", "not an address"},
		{"", ""},
	} {
		if got := session.AddressKey(tc.addr); got != tc.want {
			t.Errorf("AddressKey(%q) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}
