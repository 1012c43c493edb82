package session_test

import "github.com/ting-live/ting/pkg/session"

// benchLinkKey is the link key a benchmark's phone sends: its session's.
func benchLinkKey(c session.Created) string { return c.Session.LinkKey }
