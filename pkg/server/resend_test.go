package server_test

import (
	"fmt"
	"testing"
)

// An answer whose ack was lost is sent again by the phone after it
// reconnects with its token. For every question type, on both engines, the
// resend counts once: one response, nothing doubled.
func TestResentAnswerCountsOnce(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			sum := func(key string) func(map[string]any) float64 {
				return func(r map[string]any) float64 {
					total := 0.0
					for _, c := range r[key].([]any) {
						total += c.(float64)
					}
					return total
				}
			}
			length := func(key string) func(map[string]any) float64 {
				return func(r map[string]any) float64 { return float64(len(r[key].([]any))) }
			}
			for _, tc := range []struct {
				question map[string]any
				value    any
				count    func(map[string]any) float64 // what one answer adds up to
				want     float64
			}{
				{map[string]any{"type": "choice", "prompt": "?", "options": []string{"A", "B"}}, []int{1}, sum("counts"), 1},
				{map[string]any{"type": "choice", "prompt": "?", "options": []string{"A", "B"}, "multiple": true}, []int{0, 1}, sum("counts"), 2},
				{map[string]any{"type": "wordcloud", "prompt": "?", "maxEntries": 2}, []string{"kaffe", "fika"}, length("words"), 2},
				{map[string]any{"type": "open", "prompt": "?"}, "Mer tid", length("answers"), 1},
				{map[string]any{"type": "scale", "prompt": "?"}, []int{4}, func(r map[string]any) float64 {
					return sum("counts")(r["statements"].([]any)[0].(map[string]any))
				}, 1},
				{map[string]any{"type": "ranking", "prompt": "?", "options": []string{"A", "B", "C"}}, []int{2, 0, 1}, sum("scores"), 6},
				{map[string]any{"type": "qa", "prompt": "?"}, map[string]string{"ask": "Varför?"}, length("entries"), 1},
				{map[string]any{"type": "quiz", "prompt": "?", "options": []string{"A", "B"}, "correct": []int{0}, "seconds": 60}, []int{0}, sum("counts"), 1},
			} {
				typ := tc.question["type"].(string)
				qid := f.question(tc.question)
				f.state(map[string]any{"questionId": qid})
				p := dial(t, n)
				token := p.join(f.s.Code, "")["token"].(string)
				if m := p.answer("a", qid, tc.value); m["type"] != "ack" {
					t.Fatalf("%s: %v", typ, m)
				}
				p.ws.Close() // the ack is "lost": the phone reconnects and sends again
				again := dial(t, n)
				again.join(f.s.Code, token)
				if m := again.answer("a", qid, tc.value); m["type"] != "ack" {
					t.Fatalf("%s resent: %v", typ, m)
				}
				r := f.results()[qid].(map[string]any)
				if r["responses"] != 1.0 || tc.count(r) != tc.want {
					t.Errorf("%s after a resend: responses %v, %v counted; want 1 and %v: %v", typ, r["responses"], tc.count(r), tc.want, fmt.Sprint(r))
				}
			}
		})
	}
}
