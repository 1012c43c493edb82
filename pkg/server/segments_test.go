package server_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n) // minSegment: the default, 5
			dept := f.question(map[string]any{"type": "choice", "prompt": "Avdelning?", "options": []string{"Skola", "Vård", "Omsorg"}})
			pride := f.question(map[string]any{"type": "scale", "prompt": "Jag är stolt över mitt arbete", "min": 1, "max": 5})
			words := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?"})

			// Six in Skola, two in Vård, two in Omsorg: two segments are
			// hidden, so none can be had by subtracting the shown one.
			phones := joinPhones(t, n, f.s.Code, 10)
			f.ask(phones, dept, func(i int) any {
				switch {
				case i < 6:
					return []int{0}
				case i < 8:
					return []int{1}
				}
				return []int{2}
			})
			f.ask(phones, pride, func(i int) any { return []int{1 + i%5} })
			f.ask(phones, words, func(i int) any { return []string{"tillit"} })

			var raw json.RawMessage
			if code := call(t, "GET", f.url("/results?segmentBy="+dept), f.s.FacilitatorToken, nil, &raw); code != 200 {
				t.Fatalf("segmented results: %d", code)
			}
			var res struct{ Questions []map[string]any }
			if err := json.Unmarshal(raw, &res); err != nil {
				t.Fatal(err)
			}
			if len(res.Questions) != 3 {
				t.Fatalf("questions %v", res.Questions)
			}
			for _, q := range res.Questions {
				segs := q["segments"].([]any)
				if len(segs) != 3 {
					t.Fatalf("question %s: segments %v", q["id"], segs)
				}
				skola, vard, omsorg := segs[0].(map[string]any), segs[1].(map[string]any), segs[2].(map[string]any)
				if skola["label"] != "Skola" || skola["option"] != 0.0 || skola["responses"] != 6.0 || skola["hidden"] != nil {
					t.Fatalf("question %s: Skola segment %v", q["id"], skola)
				}
				if len(vard) != 3 || vard["label"] != "Vård" || vard["option"] != 1.0 || vard["hidden"] != true {
					t.Fatalf("question %s: Vård (2 people) must carry only option, label, hidden: %v", q["id"], vard)
				}
				if len(omsorg) != 3 || omsorg["hidden"] != true {
					t.Fatalf("question %s: Omsorg (2 people) must be hidden: %v", q["id"], omsorg)
				}
				if q["responses"] != 10.0 {
					t.Fatalf("whole-room responses %v", q["responses"])
				}
			}
			if w := wordsOf(res.Questions[2]["segments"].([]any)[0].(map[string]any)); w["tillit"] != 6 {
				t.Fatalf("Skola's words %v", w)
			}
			st := res.Questions[1]["segments"].([]any)[0].(map[string]any)["statements"].([]any)[0].(map[string]any)
			if st["mean"] != (1.0+2+3+4+5+1)/6 {
				t.Fatalf("Skola's scale %v", st)
			}
			// Nothing of the small segment leaks: its counts appear nowhere.
			if strings.Count(string(raw), `"hidden":true`) != 6 {
				t.Fatalf("want 6 hidden segments in %s", raw)
			}

			if code := call(t, "GET", f.url("/results?segmentBy="+words), f.s.FacilitatorToken, nil, nil); code != 400 {
				t.Fatalf("segmentBy a word cloud: %d, want 400", code)
			}
			if code := call(t, "GET", f.url("/results?segmentBy=nope"), f.s.FacilitatorToken, nil, nil); code != 400 {
				t.Fatalf("segmentBy an unknown question: %d, want 400", code)
			}

			// A session may set its own threshold: with 2, Vård shows.
			g := createSession(t, n, map[string]any{"minSegment": 2})
			var sess map[string]any
			call(t, "GET", g.url(""), g.s.FacilitatorToken, nil, &sess)
			if sess["minSegment"] != 2.0 {
				t.Fatalf("session minSegment %v", sess["minSegment"])
			}
			// PATCH lowers the threshold of the first session: Vård (2) shows.
			if code := call(t, "PATCH", f.url(""), f.s.FacilitatorToken, map[string]any{"minSegment": 2}, &sess); code != 200 || sess["minSegment"] != 2.0 {
				t.Fatalf("PATCH minSegment: %d %v", code, sess["minSegment"])
			}
			var again struct{ Questions []map[string]any }
			call(t, "GET", f.url("/results?segmentBy="+dept), f.s.FacilitatorToken, nil, &again)
			if vard := again.Questions[0]["segments"].([]any)[1].(map[string]any); vard["hidden"] != nil || vard["responses"] != 2.0 {
				t.Fatalf("Vård after minSegment 2: %v", vard)
			}
			for _, bad := range []any{0, "5"} {
				if code := call(t, "PATCH", f.url(""), f.s.FacilitatorToken, map[string]any{"minSegment": bad}, nil); code != 400 {
					t.Fatalf("PATCH minSegment %v: %d", bad, code)
				}
			}
			if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]any{"title": "x", "minSegment": -1}, nil); code != 400 {
				t.Fatalf("negative minSegment: %d", code)
			}
		})
	}
}
