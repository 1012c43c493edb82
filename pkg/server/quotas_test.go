package server_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ting-live/ting/pkg/poll"
)

type errorReply struct {
	Error struct{ Code, Message string }
}

// TestQuotas: a facilitator's script that goes past a quota gets
// limit_reached (422) naming it, on both engines, while the same session
// keeps working for a normal request.
func TestQuotas(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			over := func(what string, code int, e errorReply, quota string) {
				t.Helper()
				if code != 422 || e.Error.Code != "limit_reached" || !strings.Contains(e.Error.Message, quota) {
					t.Fatalf("%s: %d %+v, want 422 limit_reached naming %s", what, code, e, quota)
				}
			}
			for _, tc := range []struct {
				name  string
				body  map[string]any
				quota string
			}{
				{"long prompt", map[string]any{"type": "open", "prompt": strings.Repeat("å", poll.MaxPromptLen+1)}, poll.QuotaPromptLen},
				{"many options", map[string]any{"type": "choice", "prompt": "?", "options": numbered(poll.MaxOptions + 1)}, poll.QuotaOptions},
				{"long option", map[string]any{"type": "ranking", "prompt": "?", "options": []string{"a", strings.Repeat("b", poll.MaxOptionLen+1)}}, poll.QuotaOptionLen},
				{"many statements", map[string]any{"type": "scale", "prompt": "?", "statements": numbered(poll.MaxStatements + 1)}, poll.QuotaStatements},
			} {
				var e errorReply
				over(tc.name, call(t, "POST", f.url("/questions"), f.s.FacilitatorToken, tc.body, &e), e, tc.quota)
			}
			var e errorReply
			code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]any{"title": strings.Repeat("t", poll.MaxTitleLen+1)}, &e)
			over("long title", code, e, poll.QuotaTitleLen)
			if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]any{"title": "rad\x00två"}, &e); code != 400 {
				t.Fatalf("a title with a control character: %d, want 400", code)
			}

			// Questions per session: the last one fits, the next does not,
			// by PATCH of an edit neither; a copy counts the same.
			var wg sync.WaitGroup
			sem := make(chan struct{}, 8)
			for i := range poll.MaxQuestions {
				wg.Go(func() {
					sem <- struct{}{}
					defer func() { <-sem }()
					body := map[string]any{"type": "choice", "prompt": fmt.Sprintf("Fråga %d", i), "options": []string{"Ja", "Nej"}}
					if code := call(t, "POST", f.url("/questions"), f.s.FacilitatorToken, body, nil); code != 201 {
						t.Errorf("question %d: %d", i, code)
					}
				})
			}
			wg.Wait()
			if t.Failed() {
				t.FailNow()
			}
			code = call(t, "POST", f.url("/questions"), f.s.FacilitatorToken, map[string]any{"type": "open", "prompt": "En för mycket"}, &e)
			over("one question too many", code, e, poll.QuotaQuestions)
			var sess struct{ Questions []struct{ ID string } }
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
			if len(sess.Questions) != poll.MaxQuestions {
				t.Fatalf("%d questions, want %d", len(sess.Questions), poll.MaxQuestions)
			}
			// The full session still works: a question is shown and edited.
			f.state(map[string]any{"questionId": sess.Questions[0].ID})
			if code := call(t, "PATCH", f.url("/questions/"+sess.Questions[0].ID), f.s.FacilitatorToken, map[string]any{"prompt": "Ny text"}, nil); code != 200 {
				t.Fatalf("edit in a full session: %d", code)
			}

			var copied created
			code = callWith(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]string{"X-Source-Token": f.s.FacilitatorToken},
				map[string]any{"title": "Omgång 2", "copyOf": f.s.ID}, &copied)
			if code != 201 {
				t.Fatalf("copy of a full session: %d", code)
			}
			g := &facilitator{t: t, base: n.URL, s: copied}
			code = call(t, "POST", g.url("/questions"), g.s.FacilitatorToken, map[string]any{"type": "open", "prompt": "En till"}, &e)
			over("a question added to a full copy", code, e, poll.QuotaQuestions)
		})
	}
}

func numbered(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Alternativ %d", i+1)
	}
	return out
}

// TestWordCloudCap: a script that fills a word cloud with made-up words
// stops at poll.MaxCloudWords; after that a normal phone still answers with
// a word the cloud has, a new word gets invalid_answer, and the results
// stay bounded.
func TestWordCloudCap(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			words := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 10})
			const perPhone = 10
			script := joinPhones(t, n, f.s.Code, poll.MaxCloudWords/perPhone+1)
			normal := joinPhones(t, n, f.s.Code, 1)[0]
			f.ask(script[:len(script)-1], words, func(i int) any {
				w := make([]string, perPhone)
				for j := range w {
					w[j] = fmt.Sprintf("skräp%d", i*perPhone+j)
				}
				return w
			})
			last := script[len(script)-1]
			last.next("question", nil)
			if r := last.answer("over", words, []string{"skräp-ny", "skräp-ny2"}); r["type"] != "error" || r["code"] != "invalid_answer" || !strings.Contains(fmt.Sprint(r["message"]), "full") {
				t.Fatalf("a new word in a full cloud: %v, want invalid_answer", r)
			}
			normal.next("question", nil)
			if r := normal.answer("ok", words, []string{"Skräp7", "skräp8"}); r["type"] != "ack" {
				t.Fatalf("a normal phone's words that the cloud has: %v", r)
			}
			res := f.results()[words].(map[string]any)
			if got := len(res["words"].([]any)); got != poll.MaxCloudWords {
				t.Fatalf("%d words in the facilitator's results, want %d", got, poll.MaxCloudWords)
			}
			if res["responses"] != float64(poll.MaxCloudWords/perPhone+1) {
				t.Fatalf("responses %v", res["responses"])
			}
		})
	}
}
