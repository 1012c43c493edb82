package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ting-live/ting/pkg/auth"
	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/server"
)

// createAs creates a session with a key (a copy of copyOf when set) and
// returns the status, the session and the error body.
func createAs(t *testing.T, n *node, key, title, copyOf string) (int, created, errorReply) {
	t.Helper()
	body := map[string]string{"title": title}
	if copyOf != "" {
		body["copyOf"] = copyOf
	}
	var raw struct {
		created
		errorReply
	}
	code := call(t, "POST", n.URL+"/api/v1/sessions", key, body, &raw)
	return code, raw.created, raw.errorReply
}

// TestQuotaSessionsPerFacilitator: a facilitator owns at most
// SessionsPerFacilitator sessions; the next one, and a copy, answer 422
// limit_reached naming the quota, while another facilitator and the
// owner key go on creating; deleting one makes room again.
func TestQuotaSessionsPerFacilitator(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			const max = 5
			n := startNodeWith(t, engine, newPrefix(t), func(c *server.Config) {
				c.Create = auth.CreateLimits{SessionsPerFacilitator: max}
			})
			anna := newFacilitatorKey(t, n, "anna@kommun.se", "facilitator")
			bo := newFacilitatorKey(t, n, "bo@kommun.se", "facilitator")
			// Sessions shared with Anna are not hers: they do not count.
			var me struct{ ID string }
			if code := call(t, "GET", n.URL+"/api/v1/me", anna, nil, &me); code != 200 {
				t.Fatalf("me: %d", code)
			}
			for i := range 2 {
				_, s, _ := createAs(t, n, bo, "Delad", "")
				if code := call(t, "POST", n.URL+"/api/v1/sessions/"+s.ID+"/members", bo, map[string]string{"facilitator": me.ID, "role": "cofacilitator"}, nil); code != 200 {
					t.Fatalf("share %d: %d", i, code)
				}
			}
			var first created
			for i := range max {
				code, s, e := createAs(t, n, anna, "Workshop", "")
				if code != 201 {
					t.Fatalf("session %d of %d: %d %+v", i+1, max, code, e)
				}
				if i == 0 {
					first = s
				}
			}
			over := func(what string, code int, e errorReply) {
				t.Helper()
				if code != 422 || e.Error.Code != "limit_reached" || !strings.Contains(e.Error.Message, poll.QuotaSessions) {
					t.Fatalf("%s: %d %+v, want 422 limit_reached naming %s", what, code, e, poll.QuotaSessions)
				}
			}
			code, _, e := createAs(t, n, anna, "En till", "")
			over("one session more", code, e)
			code, _, e = createAs(t, n, anna, "Kopia", first.ID)
			over("a copy", code, e)
			t.Logf("%s: %d sessions pass, then %d: %s", engine, max, code, e.Error.Message)

			if code, _, e := createAs(t, n, bo, "Bos workshop", ""); code != 201 {
				t.Fatalf("another facilitator: %d %+v", code, e)
			}
			for i := range max + 2 {
				if code, _, e := createAs(t, n, adminKey, "Ägarens", ""); code != 201 {
					t.Fatalf("the owner key, session %d: %d %+v", i+1, code, e)
				}
			}
			if code := call(t, "DELETE", n.URL+"/api/v1/sessions/"+first.ID, anna, nil, nil); code != 204 {
				t.Fatalf("delete: %d", code)
			}
			if code, _, e := createAs(t, n, anna, "Efter radering", ""); code != 201 {
				t.Fatalf("after deleting one: %d %+v", code, e)
			}
			code, _, e = createAs(t, n, anna, "En till", "")
			over("full again", code, e)
		})
	}
}

// TestQuotaSessionsPerMinute: a facilitator's script that creates sessions
// in a loop (plain and copyOf alike) gets the default 30 a minute, then 429
// limit_reached naming the quota; on Redis the count holds across two
// nodes. Another facilitator and the owner key are not held up.
func TestQuotaSessionsPerMinute(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			prefix := newPrefix(t)
			a := startNode(t, engine, prefix)
			nodes := []*node{a}
			if engine == "redis" {
				nodes = append(nodes, startNode(t, engine, prefix))
			}
			anna := newFacilitatorKey(t, a, "anna@kommun.se", "facilitator")
			bo := newFacilitatorKey(t, a, "bo@kommun.se", "facilitator")

			const tries = 100
			start := time.Now()
			passed, refused := 0, 0
			var source string
			var last errorReply
			for i := range tries {
				n := nodes[i%len(nodes)]
				copyOf := ""
				if i%2 == 1 && source != "" {
					copyOf = source
				}
				code, s, e := createAs(t, n, anna, "Loop", copyOf)
				switch {
				case code == 201:
					passed++
					if source == "" {
						source = s.ID
					}
				case code == 429 && e.Error.Code == "limit_reached" && strings.Contains(e.Error.Message, poll.QuotaSessionsPerMinute):
					refused++
					last = e
				default:
					t.Fatalf("creation %d: %d %+v", i+1, code, e)
				}
			}
			t.Logf("%s, %d node(s): %d creations in %v: %d pass, %d answer 429 limit_reached: %s",
				engine, len(nodes), tries, since(start), passed, refused, last.Error.Message)
			// The sliding minute may let one more through when the loop
			// crosses the start of a window.
			if want := auth.DefaultSessionsPerMinute; passed < want || passed > want+1 || refused != tries-passed {
				t.Fatalf("%d pass, %d refused; want %d pass", passed, refused, want)
			}
			req, _ := http.NewRequest("POST", a.URL+"/api/v1/sessions", strings.NewReader(`{"title":"En till"}`))
			req.Header.Set("Authorization", "Bearer "+anna)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "60" {
				t.Fatalf("refused creation: %d Retry-After %q, want 429 with 60", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
			for _, n := range nodes {
				if code, _, e := createAs(t, n, bo, "Bos workshop", ""); code != 201 {
					t.Fatalf("another facilitator: %d %+v", code, e)
				}
			}
			for i := range 40 {
				if code, _, e := createAs(t, nodes[i%len(nodes)], adminKey, "Provisioning", ""); code != 201 {
					t.Fatalf("the owner key, session %d: %d %+v", i+1, code, e)
				}
			}
		})
	}
}
