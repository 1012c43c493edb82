package server_test

import (
	"strings"
	"testing"
)

// TestQuizIntegrity: while a quiz is open, phones that see results get no
// counts and no points (nothing that tells the right option), and a
// participant's first answer is final: a changed answer is refused, a
// resend keeps its points. Once the quiz closes, phones get it all. The
// hostile phone answers beside two normal ones, on both engines.
func TestQuizIntegrity(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			r := newRoom(t, n, "Anna", "Björn", "Sneaky")
			r.f.state(map[string]any{"resultsVisible": true})
			q := r.open(map[string]any{"type": "quiz", "prompt": "Hur många län har Sverige?", "options": []string{"19", "21", "25"}, "correct": []int{1}, "seconds": 120})
			r.ack(0, q, []int{1})
			r.ack(2, q, []int{0}) // the hostile phone answers first, wrong, to look

			sealed := func(who string, m map[string]any) {
				t.Helper()
				for _, k := range []string{"counts", "leaderboard"} {
					if _, ok := m[k]; ok {
						t.Fatalf("%s got %s while the quiz is open: %v", who, k, m)
					}
				}
			}
			two := func(m map[string]any) bool {
				return m["type"] == "results" && m["questionId"] == q && m["responses"] == 2.0
			}
			sealed("a phone that has not answered", r.phones[1].until("results of two", two))
			sealed("a phone that answered wrong", r.phones[2].until("results of two", two))
			screen := r.shown(q, "two answers", func(m map[string]any) bool { return m["responses"] == 2.0 })
			if !equal(numbers(screen, "counts"), 1, 1, 0) || len(list(screen, "leaderboard")) != 1 {
				t.Fatalf("the big screen's quiz results %v", screen)
			}
			var pts float64
			for _, s := range list(screen, "leaderboard") {
				pts = s["points"].(float64)
			}

			// Moving to the right option is refused; the same answer again
			// (a lost ack) is taken and keeps the points of the first.
			if m := r.phones[2].answer("change", q, []int{1}); m["code"] != "invalid_answer" || !strings.Contains(m["message"].(string), "cannot be changed") {
				t.Fatalf("a changed quiz answer: %v, want invalid_answer", m)
			}
			r.ack(2, q, []int{0})
			r.ack(0, q, []int{1})
			r.ack(1, q, []int{2})
			sealed("a phone after three answers", r.phones[1].until("results of three", func(m map[string]any) bool {
				return m["type"] == "results" && m["questionId"] == q && m["responses"] == 3.0
			}))

			// Closed: phones see counts and the leaderboard.
			r.f.state(map[string]any{"locked": true})
			done := r.phones[2].until("results of the closed quiz", func(m map[string]any) bool {
				return m["type"] == "results" && m["questionId"] == q && m["counts"] != nil
			})
			board := list(done, "leaderboard")
			if !equal(numbers(done, "counts"), 1, 1, 1) || len(board) != 1 || board[0]["name"] != "Anna" || board[0]["points"] != pts {
				t.Fatalf("closed quiz on a phone %v, want Anna alone with her first %v points", done, pts)
			}
		})
	}
}
