package server_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/server"
)

// erasureRun is a session of the erasure test: its text, chosen to occur
// nowhere else, and its phone's token.
type erasureRun struct {
	f     *facilitator
	marks []string
	token string
}

// fillRun makes a session whose title, prompts, options, nickname and
// answers of every text type carry tag, with one phone that answers all.
func fillRun(t *testing.T, n *node, tag string) erasureRun {
	t.Helper()
	m := func(what string) string { return "Zq" + tag + what + "Xv" }
	r := erasureRun{f: &facilitator{t: t, base: n.URL}}
	if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]string{"title": m("Title"), "language": "sv"}, &r.f.s); code != 201 {
		t.Fatalf("create session: %d", code)
	}
	phone := dial(t, n)
	phone.send(map[string]any{"type": "join", "code": r.f.s.Code, "name": m("Nickname")})
	w := phone.next("welcome", nil)
	if r.token, _ = w["token"].(string); r.token == "" {
		t.Fatalf("welcome without a token: %v", w)
	}
	questions := []struct {
		body  map[string]any
		value any
	}{
		{map[string]any{"type": "choice", "prompt": m("ChoicePrompt"), "options": []string{m("OptionA"), m("OptionB")}}, []int{1}},
		{map[string]any{"type": "wordcloud", "prompt": m("CloudPrompt")}, []string{m("CloudWord")}},
		{map[string]any{"type": "open", "prompt": m("OpenPrompt")}, m("OpenAnswer")},
		{map[string]any{"type": "qa", "prompt": m("QaPrompt")}, map[string]any{"ask": m("QaAsk")}},
	}
	for _, q := range questions {
		id := r.f.question(q.body)
		r.f.state(map[string]any{"questionId": id})
		phone.next("question", func(f map[string]any) bool {
			qq, _ := f["question"].(map[string]any)
			return qq != nil && qq["id"] == id
		})
		if a := phone.answer("a", id, q.value); a["type"] != "ack" {
			t.Fatalf("answer %v: %v", q.value, a)
		}
	}
	r.f.split(map[string]any{"count": 1})
	for _, w := range []string{"Title", "Nickname", "ChoicePrompt", "OptionB", "CloudWord", "OpenAnswer", "QaAsk"} {
		r.marks = append(r.marks, strings.ToLower(m(w))) // compared in lower case: a word cloud keeps a folded key
	}
	r.marks = append(r.marks, strings.ToLower(r.token))
	return r
}

// holds returns the marks that raw holds, in any case.
func holds(raw []byte, marks []string) []string {
	raw = bytes.ToLower(raw)
	var out []string
	for _, m := range marks {
		if bytes.Contains(raw, []byte(m)) {
			out = append(out, m)
		}
	}
	return out
}

// TestErasure: a session deleted by DELETE and one deleted by the
// retention sweep leave nothing readable behind within a minute: on the
// embedded engine no byte of their text or their phones' tokens in
// ting.db, while the node runs, after it stops and after a restart; on
// Redis no key of theirs. A session kept beside them stays.
func TestErasure(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			dir, prefix := t.TempDir(), newPrefix(t)
			path := filepath.Join(dir, "ting.db")
			withDir := func(retention time.Duration) func(*server.Config) {
				return func(c *server.Config) {
					if engine == "embedded" {
						c.DataDir = dir
					}
					c.Retention, c.SweepInterval = retention, 50*time.Millisecond
				}
			}
			// What the engine holds of a session: the file, or Redis' keys and values.
			var rdb redis.UniversalClient
			if engine == "redis" {
				rdb = testutil.RedisClient(t, testutil.RedisURL(t))
			}
			contents := func() []byte {
				if engine == "embedded" {
					raw, err := os.ReadFile(path)
					if err != nil {
						t.Fatalf("read ting.db: %v", err)
					}
					return raw
				}
				return testutil.RedisContents(t, rdb, prefix)
			}

			n := startNodeWith(t, engine, prefix, withDir(time.Hour))
			kept := fillRun(t, n, "Kept")
			deleted := fillRun(t, n, "Deleted")
			n.stop(t)
			n = startNodeWith(t, engine, prefix, withDir(3*time.Second))
			swept := fillRun(t, n, "Swept")
			gone := append(append([]string{}, deleted.marks...), swept.marks...)
			raw := contents()
			if got := holds(raw, gone); len(got) < len(gone)-2 {
				t.Fatalf("before the deletes %d of %d marks found: the search cannot see them", len(got), len(gone))
			}
			if got := holds(raw, []string{kept.token, deleted.token, swept.token}); len(got) > 0 {
				t.Fatalf("participant tokens stored: %q", got)
			}
			sizeBefore := len(raw)

			start := time.Now()
			if code := call(t, "DELETE", deleted.f.on(n).url(""), deleted.f.s.FacilitatorToken, nil, nil); code != 204 {
				t.Fatalf("delete: %d", code)
			}
			deleteTook := time.Since(start)
			testutil.WaitFor(t, 10*time.Second, "the sweep", func() bool {
				return call(t, "GET", swept.f.url(""), swept.f.s.FacilitatorToken, nil, nil) == 404
			})
			start = time.Now()
			testutil.WaitFor(t, time.Minute, "the deleted sessions' text gone", func() bool {
				return len(holds(contents(), gone)) == 0
			})
			t.Logf("%s: %d bytes before the deletes, %d after; DELETE took %v, text gone %v after the sweep",
				engine, sizeBefore, len(contents()), deleteTook, time.Since(start))
			if engine == "redis" {
				for _, r := range []erasureRun{deleted, swept} {
					if keys := redisKeysNaming(t, rdb, prefix, r.f.s.ID); len(keys) > 0 {
						t.Fatalf("keys naming a deleted session: %q", keys)
					}
				}
			}
			n.stop(t)
			if got := holds(contents(), gone); len(got) > 0 {
				t.Fatalf("after the node stopped: %q", got)
			}
			if got := holds(contents(), kept.marks[:1]); len(got) != 1 {
				t.Fatalf("the kept session's title is not found: the search cannot fail")
			}
			n = startNodeWith(t, engine, prefix, withDir(time.Hour))
			if code := call(t, "GET", kept.f.on(n).url(""), kept.f.s.FacilitatorToken, nil, nil); code != 200 {
				t.Fatalf("kept session after restart: %d", code)
			}
			phone := dial(t, n)
			if w := phone.join(kept.f.s.Code, kept.token); w["token"] != kept.token {
				t.Fatalf("rejoin with the kept token: %v", w)
			}
			if got := holds(contents(), gone); len(got) > 0 {
				t.Fatalf("after a restart: %q", got)
			}
		})
	}
}

// redisKeysNaming returns the keys under prefix whose name holds id.
func redisKeysNaming(t *testing.T, c redis.UniversalClient, prefix, id string) []string {
	t.Helper()
	var out []string
	err := testutil.RedisKeys(c, prefix, func(_ context.Context, _ redis.Cmdable, k string) error {
		if strings.Contains(k, id) {
			out = append(out, k)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("SCAN: %v", err)
	}
	return out
}
