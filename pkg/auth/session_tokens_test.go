package auth

import (
	"bytes"
	"strings"
	"testing"
)

func TestSessionTokenMatchesOnlyItsOwnHash(t *testing.T) {
	token, hash := NewSessionToken()
	other, otherHash := NewSessionToken()
	if token == other || bytes.Equal(hash, otherHash) {
		t.Fatal("two new session tokens are the same")
	}
	if strings.HasPrefix(token, KeyPrefix) && strings.HasPrefix(other, KeyPrefix) {
		t.Fatalf("session tokens look like API keys: %q %q", token, other)
	}
	if bytes.Contains(hash, []byte(token)) {
		t.Fatal("the hash holds the token")
	}
	if !SessionTokenMatches(hash, token) {
		t.Error("a session's own token does not match its hash")
	}
	for name, c := range map[string]struct {
		hash  []byte
		token string
	}{
		"another session's token": {hash, other},
		"no token":                {hash, ""},
		"the hash as the token":   {hash, string(hash)},
		"a session without hash":  {nil, token},
	} {
		if SessionTokenMatches(c.hash, c.token) {
			t.Errorf("%s matches", name)
		}
	}
}
