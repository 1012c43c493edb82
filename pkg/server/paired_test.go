package server_test

import (
	"fmt"
	"testing"
)

// TestProgrammePaired: between two workshops of a programme, each scale
// statement counts the participants who moved up, stayed and moved down;
// a statement fewer than the floor answered in both is hidden.
func TestProgrammePaired(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			p := newProgramme(t, n, adminKey, "Ledarskap")
			a := p.session("Modul 1")
			qa := a.question(map[string]any{"type": "scale", "prompt": "Hur trygg är du?", "min": 1, "max": 5,
				"statements": []string{"I rollen", "I gruppen"}})
			a.state(map[string]any{"questionId": qa})
			phones := make([]*client, 6)
			tokens := make([]string, len(phones))
			for i := range phones {
				phones[i] = dial(t, n)
				tokens[i] = phones[i].join(a.s.Code, "")["token"].(string)
			}
			// Statement 1: 3 for everyone. Statement 2: only phones 0-3 answer it.
			for i, ph := range phones {
				second := any(nil)
				if i < 4 {
					second = 2
				}
				if r := ph.answer(fmt.Sprint("a", i), qa, []any{3, second}); r["type"] != "ack" {
					t.Fatalf("answer in the first workshop: %v", r)
				}
			}

			if code := call(t, "GET", p.url("/paired"), adminKey, nil, nil); code != 400 {
				t.Fatalf("paired with one session: %d, want 400", code)
			}

			b := p.session("Modul 2")
			qb := sessionQuestions(t, b)[0]["id"].(string)
			b.state(map[string]any{"questionId": qb})
			moves := []int{4, 5, 4, 3, 3, 2} // up, up, up, same, same, down
			for i := range phones {
				ph := dial(t, n)
				ph.join(b.s.Code, tokens[i])
				if r := ph.answer(fmt.Sprint("b", i), qb, []any{moves[i], 4}); r["type"] != "ack" {
					t.Fatalf("answer in the second workshop: %v", r)
				}
			}
			// A phone new in the second workshop pairs with no one.
			if r := joinPhones(t, n, b.s.Code, 1)[0].answer("new", qb, []any{5, 5}); r["type"] != "ack" {
				t.Fatalf("answer of a new phone: %v", r)
			}

			var v struct {
				From, To   string
				MinSegment int
				Questions  []struct {
					Origin     string
					Statements []map[string]any
				}
			}
			if code := call(t, "GET", p.url("/paired"), adminKey, nil, &v); code != 200 {
				t.Fatalf("paired: %d", code)
			}
			if v.From != a.s.ID || v.To != b.s.ID || v.MinSegment != 5 || len(v.Questions) != 1 || v.Questions[0].Origin != qa {
				t.Fatalf("paired view %+v", v)
			}
			st := v.Questions[0].Statements
			if st[0]["paired"] != 6.0 || st[0]["up"] != 3.0 || st[0]["same"] != 2.0 || st[0]["down"] != 1.0 || st[0]["hidden"] != nil {
				t.Fatalf("statement 1: %v", st[0])
			}
			if st[1]["hidden"] != true || st[1]["paired"] != nil || st[1]["up"] != nil {
				t.Fatalf("statement 2, four paired under a floor of five: %v", st[1])
			}
			if code := call(t, "GET", p.url("/paired?from="+b.s.ID+"&to="+b.s.ID), adminKey, nil, nil); code != 400 {
				t.Fatalf("paired with itself: %d", code)
			}
			if code := call(t, "GET", p.url("/paired?from="+b.s.ID+"&to="+a.s.ID), adminKey, nil, &v); code != 200 ||
				v.Questions[0].Statements[0]["up"] != 1.0 || v.Questions[0].Statements[0]["down"] != 3.0 {
				t.Fatalf("paired backwards: %v", v)
			}
		})
	}
}
