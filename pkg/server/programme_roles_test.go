package server_test

import (
	"testing"

	"github.com/ting-live/ting/pkg/server"
)

// A programme's roles reach its sessions: its owner and co-facilitators
// run every session of it, whoever made it; its viewers read them. Deleting
// a session and sharing it stay with the session's owner, a session outside
// the programme stays closed, and a role taken away is gone from the
// sessions too.
func TestProgrammeRolesReachItsSessions(t *testing.T) {
	n := startFaultNode(t, server.Config{})
	k := newRoleKeys(t, n.node)
	p := newProgramme(t, n.node, k.owner, "Ledarskap 2027")
	k.share(p.url("/members"))

	// The co-facilitator makes the second workshop: it owns that session.
	var s created
	if code := call(t, "POST", n.URL+"/api/v1/sessions", k.cofac, map[string]any{"title": "Modul 1, dag 2", "programme": p.ID}, &s); code != 201 {
		t.Fatalf("a session of the programme by its co-facilitator: %d", code)
	}
	var alone created
	if code := call(t, "POST", n.URL+"/api/v1/sessions", k.cofac, map[string]any{"title": "Eget möte"}, &alone); code != 201 {
		t.Fatalf("a session outside the programme: %d", code)
	}
	sessionURL := func(id, path string) string { return n.URL + "/api/v1/sessions/" + id + path }
	question := map[string]any{"type": "open", "prompt": "Vad tar du med dig?"}
	for _, tc := range []struct {
		who, key, method, url string
		body                  any
		want                  int
	}{
		{"the programme's owner", k.owner, "GET", sessionURL(s.ID, ""), nil, 200},
		{"the programme's owner", k.owner, "POST", sessionURL(s.ID, "/questions"), question, 201},
		{"the programme's owner", k.owner, "DELETE", sessionURL(s.ID, ""), nil, 403},
		{"the programme's owner", k.owner, "GET", sessionURL(s.ID, "/audit"), nil, 403},
		{"the programme's viewer", k.viewer, "GET", sessionURL(s.ID, ""), nil, 200},
		{"the programme's viewer", k.viewer, "GET", sessionURL(s.ID, "/results"), nil, 200},
		{"the programme's viewer", k.viewer, "POST", sessionURL(s.ID, "/questions"), question, 403},
		{"the programme's viewer", k.viewer, "PATCH", sessionURL(s.ID, "/state"), map[string]any{"locked": true}, 403},
		{"a facilitator with no role", k.stranger, "GET", sessionURL(s.ID, ""), nil, 403},
		{"the programme's owner, outside the programme", k.owner, "GET", sessionURL(alone.ID, ""), nil, 403},
		{"the programme's viewer, outside the programme", k.viewer, "GET", sessionURL(alone.ID, ""), nil, 403},
	} {
		if code := call(t, tc.method, tc.url, tc.key, tc.body, nil); code != tc.want {
			t.Errorf("%s: %s %s: %d, want %d", tc.who, tc.method, tc.url, code, tc.want)
		}
	}

	// The viewer leaves the programme: its sessions close to her too.
	var me struct{ ID string }
	call(t, "GET", n.URL+"/api/v1/me", k.viewer, nil, &me)
	if code := call(t, "DELETE", p.url("/members/"+me.ID), k.owner, nil, nil); code != 204 {
		t.Fatalf("take the viewer's role away: %d", code)
	}
	if code := call(t, "GET", sessionURL(s.ID, ""), k.viewer, nil, nil); code != 403 {
		t.Errorf("a former viewer of the programme reads its session: %d, want 403", code)
	}
	// The programme deleted: its sessions stand alone, with their own roles.
	if code := call(t, "DELETE", p.url(""), k.owner, nil, nil); code != 204 {
		t.Fatalf("delete the programme: %d", code)
	}
	if code := call(t, "GET", sessionURL(s.ID, ""), k.cofac, nil, nil); code != 200 {
		t.Errorf("the session's own owner after the programme went: %d, want 200", code)
	}
}
