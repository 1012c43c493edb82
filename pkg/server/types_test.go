package server_test

import (
	"strings"
	"sync"
	"testing"
)

// room is one session with a big screen and phones on one node, for the
// tests of each question type.
type room struct {
	t      *testing.T
	n      *node
	f      *facilitator
	screen *client
	phones []*client
}

// newRoom opens a session on n with its big screen and the phones given
// by their nicknames ("" joins without one).
func newRoom(t *testing.T, n *node, names ...string) *room {
	t.Helper()
	r := &room{t: t, n: n, f: newSession(t, n)}
	r.screen = dial(t, n)
	r.screen.send(map[string]any{"type": "present", "sessionId": r.f.s.ID, "token": r.f.s.FacilitatorToken})
	r.screen.next("question", nil)
	for _, name := range names {
		p := dial(t, n)
		p.send(map[string]any{"type": "join", "code": r.f.s.Code, "name": name})
		p.next("welcome", nil)
		r.phones = append(r.phones, p)
	}
	return r
}

// open adds a question, makes it current and waits until every phone shows it.
func (r *room) open(body map[string]any) string {
	r.t.Helper()
	id := r.f.question(body)
	r.f.state(map[string]any{"questionId": id, "locked": false})
	for _, p := range r.phones {
		p.next("question", func(m map[string]any) bool {
			q, _ := m["question"].(map[string]any)
			return q != nil && q["id"] == id
		})
	}
	return id
}

// ack answers from phone i and fails unless the answer is acknowledged.
func (r *room) ack(i int, qid string, value any) {
	r.t.Helper()
	if m := r.phones[i].answer("ok", qid, value); m["type"] != "ack" {
		r.t.Fatalf("phone %d answer %v: %v", i, value, m)
	}
}

// invalid checks that each value is refused with invalid_answer and a message.
func (r *room) invalid(qid string, values ...any) {
	r.t.Helper()
	for _, v := range values {
		m := r.phones[0].answer("bad", qid, v)
		if m["code"] != "invalid_answer" || m["message"] == "" {
			r.t.Fatalf("answer %v: %v, want invalid_answer with a message", v, m)
		}
	}
}

// shown waits for the big screen's results of qid to satisfy ok.
func (r *room) shown(qid string, what string, ok func(map[string]any) bool) map[string]any {
	r.t.Helper()
	return r.screen.until("screen results: "+what, func(m map[string]any) bool {
		return m["type"] == "results" && m["questionId"] == qid && ok(m)
	})
}

// moderate posts a moderation decision about one entry.
func (r *room) moderate(qid string, body map[string]any) {
	r.t.Helper()
	if code := call(r.t, "POST", r.f.url("/questions/"+qid+"/moderation"), r.f.s.FacilitatorToken, body, nil); code != 200 {
		r.t.Fatalf("moderate %v: %d", body, code)
	}
}

// list returns results field key as a slice of objects.
func list(m map[string]any, key string) []map[string]any {
	raw, _ := m[key].([]any)
	out := make([]map[string]any, len(raw))
	for i, e := range raw {
		out[i], _ = e.(map[string]any)
	}
	return out
}

// numbers returns results field key as numbers.
func numbers(m map[string]any, key string) []float64 {
	raw, _ := m[key].([]any)
	out := make([]float64, len(raw))
	for i, e := range raw {
		out[i], _ = e.(float64)
	}
	return out
}

func equal(a []float64, b ...float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestQuestionTypes(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			t.Run("multiple choice", func(t *testing.T) {
				r := newRoom(t, n, "", "")
				q := r.open(map[string]any{"type": "choice", "prompt": "Vad ger dig energi?", "options": []string{"Kollegor", "Uppdraget", "Fika"}, "multiple": true})
				r.invalid(q, []int{0, 0}, []int{3}, []int{}, "Fika")
				r.ack(0, q, []int{0, 2})
				r.ack(1, q, []int{2})
				r.shown(q, "counts 1,0,2", func(m map[string]any) bool {
					return m["responses"] == 2.0 && equal(numbers(m, "counts"), 1, 0, 2)
				})
			})
			t.Run("scale", func(t *testing.T) {
				r := newRoom(t, n, "", "")
				q := r.open(map[string]any{"type": "scale", "prompt": "Hur väl stämmer det?", "min": 1, "max": 5,
					"statements": []string{"Jag vet vad som förväntas av mig", "Jag får återkoppling"}})
				r.invalid(q, []any{6, 1}, []any{3}, []any{0, 2}, []any{"tre", 1})
				r.ack(0, q, []any{5, 3})
				r.ack(1, q, []any{4, nil}) // the second statement skipped
				m := r.shown(q, "two statements", func(m map[string]any) bool { return m["responses"] == 2.0 })
				st := list(m, "statements")
				if len(st) != 2 || !equal(numbers(st[0], "counts"), 0, 0, 0, 1, 1) || st[0]["mean"] != 4.5 ||
					!equal(numbers(st[1], "counts"), 0, 0, 1, 0, 0) || st[1]["mean"] != 3.0 {
					t.Fatalf("scale results %v", m)
				}
			})
			t.Run("ranking", func(t *testing.T) {
				r := newRoom(t, n, "", "")
				q := r.open(map[string]any{"type": "ranking", "prompt": "Vad är viktigast?", "options": []string{"Tid", "Lön", "Ledarskap"}})
				r.invalid(q, []int{0, 0, 1}, []int{0, 1}, []int{0, 1, 3})
				r.ack(0, q, []int{2, 0, 1})
				r.ack(1, q, []int{2, 1, 0})
				r.shown(q, "scores 3,3,6", func(m map[string]any) bool {
					return m["responses"] == 2.0 && equal(numbers(m, "scores"), 3, 3, 6)
				})
			})
			t.Run("open, hidden at once", func(t *testing.T) {
				r := newRoom(t, n, "", "")
				q := r.open(map[string]any{"type": "open", "prompt": "Vad vill du behålla?"})
				r.invalid(q, "   ", strings.Repeat("x", 501), "rad\x00två", []string{"lista"})
				r.ack(0, q, "Mer <b>fika</b>")
				r.ack(1, q, "Tid att prata")
				m := r.shown(q, "two answers", func(m map[string]any) bool { return len(list(m, "answers")) == 2 })
				var hide string
				for _, a := range list(m, "answers") {
					if a["text"] == "Mer <b>fika</b>" {
						hide, _ = a["id"].(string)
					}
				}
				if hide == "" {
					t.Fatalf("answers %v: the text is not kept as typed", m)
				}
				r.moderate(q, map[string]any{"entry": hide, "hidden": true})
				r.shown(q, "one answer after hiding", func(m map[string]any) bool {
					a := list(m, "answers")
					return len(a) == 1 && a[0]["text"] == "Tid att prata"
				})
				for _, a := range list(r.f.results()[q].(map[string]any), "answers") {
					if (a["id"] == hide) != (a["hidden"] == true) {
						t.Fatalf("facilitator's view %v: only the hidden answer is marked hidden", a)
					}
				}
			})
			t.Run("moderated open text waits for approval", func(t *testing.T) {
				r := newRoom(t, n, "")
				q := r.open(map[string]any{"type": "open", "prompt": "Vad vill du ändra?", "moderated": true})
				r.ack(0, q, "Färre möten")
				var id string
				for _, a := range list(r.f.results()[q].(map[string]any), "answers") {
					if a["pending"] == true {
						id, _ = a["id"].(string)
					}
				}
				if id == "" {
					t.Fatalf("facilitator's view %v: the answer should wait for approval", r.f.results()[q])
				}
				r.shown(q, "nothing before approval", func(m map[string]any) bool {
					return m["responses"] == 1.0 && len(list(m, "answers")) == 0
				})
				r.moderate(q, map[string]any{"entry": id, "approved": true})
				r.shown(q, "the approved answer", func(m map[string]any) bool {
					a := list(m, "answers")
					return len(a) == 1 && a[0]["text"] == "Färre möten"
				})
			})
			t.Run("qa", func(t *testing.T) {
				r := newRoom(t, n, "", "")
				q := r.open(map[string]any{"type": "qa", "prompt": "Frågor till ledningen"})
				r.invalid(q, map[string]any{"ask": ""}, map[string]any{"ask": "a", "upvote": "b"}, "fråga", map[string]any{"upvote": "no such id!"})
				r.ack(0, q, map[string]any{"ask": "Hur blir budgeten?"})
				r.ack(1, q, map[string]any{"ask": "När flyttar vi?"})
				m := r.shown(q, "two entries", func(m map[string]any) bool { return len(list(m, "entries")) == 2 })
				var first string
				for _, e := range list(m, "entries") {
					if e["text"] == "Hur blir budgeten?" {
						first, _ = e["id"].(string)
					}
				}
				r.ack(1, q, map[string]any{"upvote": first})
				r.ack(1, q, map[string]any{"upvote": first}) // one upvote per participant
				r.ack(0, q, map[string]any{"upvote": first})
				m = r.shown(q, "two votes", func(m map[string]any) bool {
					e := list(m, "entries")
					return len(e) == 2 && e[0]["id"] == first && e[0]["votes"] == 2.0
				})
				if e := list(m, "entries"); e[1]["votes"] != 0.0 || e[1]["text"] != "När flyttar vi?" {
					t.Fatalf("entries %v: the other question keeps its ask and has no votes", e)
				}
				r.moderate(q, map[string]any{"entry": first, "answered": true})
				r.shown(q, "marked answered", func(m map[string]any) bool {
					e := list(m, "entries")
					return len(e) == 2 && e[0]["answered"] == true && e[1]["answered"] == false
				})
			})
			t.Run("quiz", func(t *testing.T) {
				r := newRoom(t, n, "Anna", "Björn", "")
				q := r.open(map[string]any{"type": "quiz", "prompt": "Hur många kommuner har Sverige?", "options": []string{"190", "290", "390"}, "correct": []int{1}, "seconds": 20})
				r.invalid(q, []int{0, 1}, []int{3})
				r.ack(0, q, []int{1})
				r.ack(1, q, []int{0})
				r.ack(2, q, []int{1})
				m := r.shown(q, "three answers", func(m map[string]any) bool { return m["responses"] == 3.0 })
				if !equal(numbers(m, "counts"), 1, 2, 0) {
					t.Fatalf("quiz counts %v", m["counts"])
				}
				board := list(m, "leaderboard")
				if len(board) != 2 {
					t.Fatalf("leaderboard %v: the two right answers", board)
				}
				names := map[string]float64{}
				for _, s := range board {
					names[s["name"].(string)] = s["points"].(float64)
				}
				if p := names["Anna"]; p < 500 || p > 1000 {
					t.Fatalf("leaderboard %v: Anna's right answer is worth 500 to 1000 points", board)
				}
				if _, wrong := names["Björn"]; wrong {
					t.Fatalf("leaderboard %v: a wrong answer earns nothing", board)
				}
				for name := range names {
					if strings.TrimSpace(name) == "" {
						t.Fatalf("leaderboard %v: a phone without a nickname gets a made-up name", board)
					}
				}
				// Phones never see the right answer in the question.
				r.f.state(map[string]any{"resultsVisible": true})
				qf := r.phones[1].next("question", func(m map[string]any) bool { return m["resultsVisible"] == true })
				if _, leak := qf["question"].(map[string]any)["correct"]; leak {
					t.Fatalf("question frame %v shows the right answer", qf)
				}
			})
			t.Run("word cloud stop words, banned and flagged", func(t *testing.T) {
				r := newRoom(t, n, "", "")
				q := r.open(map[string]any{"type": "wordcloud", "prompt": "Ett ord om arbetet", "maxEntries": 3,
					"banned": []string{"Skit"}, "flagged": []string{"chefen"}})
				r.ack(0, q, []string{"och", "gemenskap", "skit"})
				r.ack(1, q, []string{"Gemenskap", "chefen"})
				m := r.shown(q, "room words", func(m map[string]any) bool { return m["responses"] == 2.0 })
				if w := wordsOf(m); len(w) != 2 || w["Gemenskap"] != 2 || w["chefen"] != 1 {
					t.Fatalf("room words %v: the stop word and the banned word are left out, the flagged one stays", w)
				}
				marks := map[string]map[string]any{}
				for _, w := range list(r.f.results()[q].(map[string]any), "words") {
					marks[w["text"].(string)] = w
				}
				if marks["och"]["stopWord"] != true || marks["skit"]["banned"] != true || marks["chefen"]["flagged"] != true || len(marks) != 4 {
					t.Fatalf("facilitator's words %v", marks)
				}
				r.moderate(q, map[string]any{"entry": "GEMENSKAP", "hidden": true})
				r.shown(q, "hidden word gone", func(m map[string]any) bool {
					w := wordsOf(m)
					return len(w) == 1 && w["chefen"] == 1
				})
			})
		})
	}
}

func TestLiveControls(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			r := newRoom(t, n, "", "")
			q := r.open(map[string]any{"type": "choice", "prompt": "Ja eller nej?", "options": []string{"Ja", "Nej"}})
			r.ack(0, q, []int{0})
			r.ack(1, q, []int{1})
			r.shown(q, "two answers", func(m map[string]any) bool { return m["responses"] == 2.0 })

			// Results reach phones only while shown.
			r.f.state(map[string]any{"resultsVisible": true})
			r.phones[0].next("results", func(m map[string]any) bool { return m["questionId"] == q && m["responses"] == 2.0 })
			r.f.state(map[string]any{"resultsVisible": false})
			r.phones[0].next("question", func(m map[string]any) bool { return m["resultsVisible"] == false })

			// Reset removes every answer; the room sees zero at once.
			if code := call(t, "POST", r.f.url("/questions/"+q+"/reset"), r.f.s.FacilitatorToken, nil, nil); code != 204 {
				t.Fatalf("reset: %d", code)
			}
			r.shown(q, "zero after reset", func(m map[string]any) bool {
				return m["responses"] == 0.0 && equal(numbers(m, "counts"), 0, 0)
			})
			if got := r.f.results()[q].(map[string]any)["responses"]; got != 0.0 {
				t.Fatalf("responses after reset: %v", got)
			}
			r.ack(0, q, []int{1}) // answers are taken again after a reset

			// Lock and unlock.
			r.f.state(map[string]any{"locked": true})
			r.phones[1].next("question", func(m map[string]any) bool { return m["locked"] == true })
			if m := r.phones[1].answer("l", q, []int{0}); m["code"] != "locked" {
				t.Fatalf("answer while locked: %v", m)
			}
			r.f.state(map[string]any{"locked": false})
			r.phones[1].next("question", func(m map[string]any) bool { return m["locked"] == false })
			r.ack(1, q, []int{0})

			// A countdown locks the question at zero on every phone.
			var st map[string]any
			if code := call(t, "PATCH", r.f.url("/state"), r.f.s.FacilitatorToken, map[string]any{"countdown": 1}, &st); code != 200 {
				t.Fatalf("countdown: %d", code)
			}
			if st["remainingMs"] == nil || st["locked"] != false {
				t.Fatalf("state with a countdown running: %v", st)
			}
			r.phones[0].next("question", func(m map[string]any) bool { return m["remainingMs"] != nil && m["locked"] == false })
			r.phones[0].next("question", func(m map[string]any) bool { return m["locked"] == true })
			if m := r.phones[1].answer("late", q, []int{1}); m["code"] != "locked" {
				t.Fatalf("answer after the countdown: %v", m)
			}
			if got := r.f.results()[q].(map[string]any)["counts"]; !equal(numbers(map[string]any{"c": got}, "c"), 1, 1) {
				t.Fatalf("counts %v: the late answer must not count", got)
			}

			// Editing a question keeps its id and checks the result.
			var edited map[string]any
			if code := call(t, "PATCH", r.f.url("/questions/"+q), r.f.s.FacilitatorToken, map[string]any{"prompt": "Ja, nej eller kanske?", "options": []string{"Ja", "Nej", "Kanske"}}, &edited); code != 200 || edited["id"] != q {
				t.Fatalf("edit: %d %v", code, edited)
			}
			if code := call(t, "PATCH", r.f.url("/questions/"+q), r.f.s.FacilitatorToken, map[string]any{"options": []string{"Bara ett"}}, nil); code != 400 {
				t.Fatalf("edit to one option: %d, want 400", code)
			}

			// Reorder: the last question first.
			q2 := r.f.question(map[string]any{"type": "open", "prompt": "Något mer?"})
			var moved struct{ Questions []struct{ ID string } }
			if code := call(t, "POST", r.f.url("/questions/"+q2+"/move"), r.f.s.FacilitatorToken, map[string]any{"index": 0}, &moved); code != 200 ||
				len(moved.Questions) != 2 || moved.Questions[0].ID != q2 || moved.Questions[1].ID != q {
				t.Fatalf("move: %d %+v", code, moved)
			}
			if code := call(t, "POST", r.f.url("/questions/"+q2+"/move"), r.f.s.FacilitatorToken, map[string]any{}, nil); code != 400 {
				t.Fatalf("move without an index: %d, want 400", code)
			}

			// Deleting the current question takes it off every phone.
			if code := call(t, "DELETE", r.f.url("/questions/"+q), r.f.s.FacilitatorToken, nil, nil); code != 204 {
				t.Fatalf("delete: %d", code)
			}
			r.phones[0].next("question", func(m map[string]any) bool { return m["question"] == nil })
			if _, left := r.f.results()[q]; left {
				t.Fatal("a deleted question still has results")
			}
			if code := call(t, "DELETE", r.f.url("/questions/"+q), r.f.s.FacilitatorToken, nil, nil); code != 404 {
				t.Fatalf("delete again: %d, want 404", code)
			}
			if code := call(t, "DELETE", r.f.url("/questions/"+q2), "", nil, nil); code != 401 {
				t.Fatalf("delete without a token: %d, want 401", code)
			}
		})
	}
}

// Hiding many words at once (the laptop and the big screen both moderating)
// loses none of the decisions.
func TestConcurrentModeration(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			r := newRoom(t, n, "")
			q := r.open(map[string]any{"type": "wordcloud", "prompt": "Ord?", "maxEntries": 10})
			words := []string{"ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"}
			r.ack(0, q, words)
			var wg sync.WaitGroup
			codes := make([]int, len(words))
			for i, w := range words {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = call(t, "POST", r.f.url("/questions/"+q+"/moderation"), r.f.s.FacilitatorToken, map[string]any{"entry": w, "hidden": true}, nil)
				}()
			}
			wg.Wait()
			for i, c := range codes {
				if c != 200 {
					t.Fatalf("hide %q: %d", words[i], c)
				}
			}
			for _, w := range list(r.f.results()[q].(map[string]any), "words") {
				if w["hidden"] != true {
					t.Fatalf("%v is not hidden: a concurrent decision was lost", w)
				}
			}
			r.shown(q, "no word left", func(m map[string]any) bool { return len(list(m, "words")) == 0 })
		})
	}
}
