package session_test

import "github.com/ting-live/ting/pkg/session"

// benchLinkKey is the link key a benchmark's phone sends.
func benchLinkKey(session.Created) string { return "AAAAAAAAAAAAAAAAAAAAAA" }
