package server_test

import (
	"testing"
)

func TestSelfPaced(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := createSession(t, n, map[string]any{"pace": "audience"})
			q1 := f.question(map[string]any{"type": "choice", "prompt": "Trivs du?", "options": []string{"Ja", "Nej"}})
			q2 := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord om ditt arbete"})

			phone := dial(t, n)
			phone.join(f.s.Code, "")
			m := phone.next("questions", func(m map[string]any) bool { return len(m["questions"].([]any)) == 2 })
			if qs := m["questions"].([]any); qs[0].(map[string]any)["id"] != q1 || qs[1].(map[string]any)["id"] != q2 || m["locked"] != false {
				t.Fatalf("questions frame %v", m)
			}
			// Any order, no question made current.
			if r := phone.answer("b", q2, []string{"glädje"}); r["type"] != "ack" {
				t.Fatalf("answer q2: %v", r)
			}
			if r := phone.answer("a", q1, []int{0}); r["type"] != "ack" {
				t.Fatalf("answer q1: %v", r)
			}
			// A question added later reaches the phone.
			q3 := f.question(map[string]any{"type": "open", "prompt": "Något mer?"})
			phone.next("questions", func(m map[string]any) bool { return len(m["questions"].([]any)) == 3 })
			if r := phone.answer("c", q3, "Nej tack"); r["type"] != "ack" {
				t.Fatalf("answer q3: %v", r)
			}
			res := f.results()
			if res[q1].(map[string]any)["responses"] != 1.0 || res[q2].(map[string]any)["responses"] != 1.0 {
				t.Fatalf("results %v", res)
			}
			f.state(map[string]any{"locked": true})
			phone.next("questions", func(m map[string]any) bool { return m["locked"] == true })
			if r := phone.answer("d", q1, []int{1}); r["code"] != "locked" {
				t.Fatalf("answer while locked: %v", r)
			}
			var sess map[string]any
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
			if sess["pace"] != "audience" {
				t.Fatalf("pace %v", sess["pace"])
			}
			if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]any{"title": "x", "pace": "fast"}, nil); code != 400 {
				t.Fatalf("unknown pace: %d", code)
			}
		})
	}
}

func TestRerunAndCompare(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			before := newSession(t, n)
			ch := before.question(map[string]any{"type": "choice", "prompt": "Trivs du?", "options": []string{"Ja", "Nej"}})
			sc := before.question(map[string]any{"type": "scale", "prompt": "Jag är stolt", "min": 1, "max": 5})
			wc := before.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?"})
			answerAll := func(f *facilitator, qid string, values ...any) {
				t.Helper()
				f.state(map[string]any{"questionId": qid})
				for i, v := range values {
					p := dial(t, n)
					p.join(f.s.Code, "")
					p.next("question", func(m map[string]any) bool { return m["question"] != nil })
					if r := p.answer("r", qid, v); r["type"] != "ack" {
						t.Fatalf("answer %d: %v", i, r)
					}
				}
			}
			answerAll(before, ch, []int{1}, []int{1})
			answerAll(before, sc, []int{2})
			answerAll(before, wc, []string{"stress"})

			body := map[string]any{"title": "Medarbetarskap 2027", "language": "sv", "copyOf": before.s.ID}
			url := n.URL + "/api/v1/sessions"
			// A facilitator with no role on the earlier run copies it with its token.
			key := newFacilitatorKey(t, n, "kopia@kommun.se", "facilitator")
			if code := callWith(t, "POST", url, key, nil, body, nil); code != 401 {
				t.Fatalf("copy without X-Source-Token: %d", code)
			}
			other := newSession(t, n)
			if code := callWith(t, "POST", url, key, map[string]string{"X-Source-Token": other.s.FacilitatorToken}, body, nil); code != 403 {
				t.Fatalf("copy with another session's token: %d", code)
			}
			after := &facilitator{t: t, base: n.URL}
			if code := callWith(t, "POST", url, key, map[string]string{"X-Source-Token": before.s.FacilitatorToken}, body, &after.s); code != 201 {
				t.Fatalf("copy: %d", code)
			}
			var sess struct{ Questions []map[string]any }
			call(t, "GET", after.url(""), after.s.FacilitatorToken, nil, &sess)
			if len(sess.Questions) != 3 || sess.Questions[0]["prompt"] != "Trivs du?" || sess.Questions[0]["id"] == ch {
				t.Fatalf("copied questions %v", sess.Questions)
			}
			if r := after.results(); r[sess.Questions[0]["id"].(string)].(map[string]any)["responses"] != 0.0 {
				t.Fatal("a copy starts without answers")
			}
			answerAll(after, sess.Questions[0]["id"].(string), []int{0}, []int{0}, []int{1})
			answerAll(after, sess.Questions[1]["id"].(string), []int{4})
			after.question(map[string]any{"type": "open", "prompt": "Ny fråga"}) // only in the new run

			cmp := after.url("/compare?with=" + before.s.ID)
			if code := callWith(t, "GET", cmp, after.s.FacilitatorToken, nil, nil, nil); code != 401 {
				t.Fatalf("compare without X-Source-Token: %d", code)
			}
			var out struct {
				Questions []struct {
					ID, Type      string
					Before, After map[string]any
				}
			}
			if code := callWith(t, "GET", cmp, after.s.FacilitatorToken, map[string]string{"X-Source-Token": before.s.FacilitatorToken}, nil, &out); code != 200 {
				t.Fatalf("compare: %d", code)
			}
			if len(out.Questions) != 3 {
				t.Fatalf("compare matched %d questions, want 3", len(out.Questions))
			}
			c := out.Questions[0]
			if c.Type != "choice" || c.ID != sess.Questions[0]["id"] {
				t.Fatalf("first compared %v", c)
			}
			if bc, ac := c.Before["counts"].([]any), c.After["counts"].([]any); bc[1] != 2.0 || ac[0] != 2.0 || c.Before["responses"] != 2.0 || c.After["responses"] != 3.0 {
				t.Fatalf("choice before %v after %v", c.Before, c.After)
			}
			s := out.Questions[1]
			if s.Before["statements"].([]any)[0].(map[string]any)["mean"] != 2.0 || s.After["statements"].([]any)[0].(map[string]any)["mean"] != 4.0 {
				t.Fatalf("scale before %v after %v", s.Before, s.After)
			}
			if w := wordsOf(out.Questions[2].Before); w["stress"] != 1 || out.Questions[2].After["responses"] != 0.0 {
				t.Fatalf("word cloud before %v after %v", out.Questions[2].Before, out.Questions[2].After)
			}
			// The same comparison from the original's side: before stays the earlier run.
			var back struct {
				Questions []struct{ Before map[string]any }
			}
			callWith(t, "GET", before.url("/compare?with="+after.s.ID), before.s.FacilitatorToken, map[string]string{"X-Source-Token": after.s.FacilitatorToken}, nil, &back)
			if len(back.Questions) != 3 || back.Questions[0].Before["responses"] != 2.0 {
				t.Fatalf("compare from the original %v", back)
			}
		})
	}
}
