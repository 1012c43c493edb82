package server_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// A sign-in link for another device may name the page it opens (the
// phone's remote of a session), only one of Ting's own pages, and comes
// with its QR code.
func TestSignInLinkForAnotherDevice(t *testing.T) {
	n := startNode(t, "embedded", "")
	key := newFacilitatorKey(t, n, "anna@kommun.se", "facilitator")
	var link struct{ URL, QR string }
	if code := call(t, "POST", n.URL+"/api/v1/me/links", key, map[string]string{"next": "/host?remote&s=abc"}, &link); code != 201 {
		t.Fatalf("link: %d", code)
	}
	svg, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(link.QR, "data:image/svg+xml;base64,"))
	if !strings.HasPrefix(link.QR, "data:image/svg+xml;base64,") || err != nil || !strings.Contains(string(svg), "<svg") {
		t.Fatalf("qr %q: %v", link.QR, err)
	}
	b := newBrowser(t, n.URL)
	resp, err := b.c.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/host?remote&s=abc" {
		t.Fatalf("phone sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if code := b.do("GET", n.URL+"/api/v1/me", nil, nil, nil); code != 200 {
		t.Fatalf("the phone after the link: %d", code)
	}
	for _, next := range []string{"https://evil.example/host", "//evil.example/host", "/\\evil.example", "/api/v1/sessions", "host"} {
		if code := call(t, "POST", n.URL+"/api/v1/me/links", key, map[string]string{"next": next}, nil); code != 400 {
			t.Errorf("next %q: %d, want 400", next, code)
		}
	}
	// A link edited by hand to lead elsewhere still lands on Ting's own page.
	var plain struct{ URL string }
	call(t, "POST", n.URL+"/api/v1/me/links", key, nil, &plain)
	resp, err = newBrowser(t, n.URL).c.Get(plain.URL + "&next=https://evil.example/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Location") != "/host" {
		t.Fatalf("an off-site next: to %q, want /host", resp.Header.Get("Location"))
	}
}
