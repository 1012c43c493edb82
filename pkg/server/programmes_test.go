package server_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/ting-live/ting/internal/testutil"
)

// programme drives one programme over REST.
type programme struct {
	t     *testing.T
	base  string
	key   string // the API key of the facilitator who created it
	ID    string `json:"id"`
	Title string `json:"title"`
	Token string `json:"facilitatorToken"`
}

func newProgramme(t *testing.T, n *node, key, title string) *programme {
	t.Helper()
	p := &programme{t: t, base: n.URL, key: key}
	if code := call(t, "POST", n.URL+"/api/v1/programmes", key, map[string]string{"title": title}, p); code != 201 {
		t.Fatalf("create programme: %d", code)
	}
	if p.ID == "" || p.Title != title {
		t.Fatalf("created programme %+v", p)
	}
	return p
}

func (p *programme) url(path string) string { return p.base + "/api/v1/programmes/" + p.ID + path }

// session makes a session of the programme.
func (p *programme) session(title string) *facilitator {
	p.t.Helper()
	f := &facilitator{t: p.t, base: p.base}
	code := call(p.t, "POST", p.base+"/api/v1/sessions", p.key, map[string]any{"title": title, "language": "sv", "programme": p.ID}, &f.s)
	if code != 201 {
		p.t.Fatalf("create session of the programme: %d", code)
	}
	return f
}

func (p *programme) results(query string) map[string]any {
	p.t.Helper()
	var r map[string]any
	if code := call(p.t, "GET", p.url("/results"+query), p.key, nil, &r); code != 200 {
		p.t.Fatalf("programme results: %d %v", code, r)
	}
	return r
}

// sessionQuestions returns the questions of a session, in order.
func sessionQuestions(t *testing.T, f *facilitator) []map[string]any {
	t.Helper()
	var s struct{ Questions []map[string]any }
	if code := call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &s); code != 200 {
		t.Fatalf("get session: %d", code)
	}
	return s.Questions
}

func nums(v any) []float64 {
	var out []float64
	for _, x := range v.([]any) {
		out = append(out, x.(float64))
	}
	return out
}

func addInto(sum []float64, v []float64) []float64 {
	for len(sum) < len(v) {
		sum = append(sum, 0)
	}
	for i, x := range v {
		sum[i] += x
	}
	return sum
}

// checkSumOfRuns checks that a combined question's results are the sum of
// its runs' results, field by field of its type.
func checkSumOfRuns(t *testing.T, q map[string]any) {
	t.Helper()
	runs := q["runs"].([]any)
	var responses float64
	var counts, scores []float64
	var stmtCounts [][]float64
	words, answers, entries, votes := map[string]float64{}, map[string]bool{}, map[string]bool{}, map[string]float64{}
	for _, r := range runs {
		run := r.(map[string]any)
		responses += run["responses"].(float64)
		if v, ok := run["counts"]; ok {
			counts = addInto(counts, nums(v))
		}
		if v, ok := run["scores"]; ok {
			scores = addInto(scores, nums(v))
		}
		if v, ok := run["statements"]; ok {
			for i, s := range v.([]any) {
				if i >= len(stmtCounts) {
					stmtCounts = append(stmtCounts, nil)
				}
				stmtCounts[i] = addInto(stmtCounts[i], nums(s.(map[string]any)["counts"]))
			}
		}
		for w, n := range wordsOf(run) {
			words[w] += n
		}
		if v, ok := run["answers"]; ok {
			for _, a := range v.([]any) {
				answers[a.(map[string]any)["id"].(string)] = true
			}
		}
		if v, ok := run["entries"]; ok {
			for _, e := range v.([]any) {
				em := e.(map[string]any)
				entries[em["id"].(string)] = true
				votes[em["id"].(string)] += em["votes"].(float64)
			}
		}
	}
	what := fmt.Sprintf("%s %q", q["type"], q["prompt"])
	if q["responses"].(float64) != responses {
		t.Errorf("%s: %v responses, runs sum to %v", what, q["responses"], responses)
	}
	if counts != nil && !slices.Equal(nums(q["counts"]), counts) {
		t.Errorf("%s: counts %v, runs sum to %v", what, q["counts"], counts)
	}
	if scores != nil && !slices.Equal(nums(q["scores"]), scores) {
		t.Errorf("%s: scores %v, runs sum to %v", what, q["scores"], scores)
	}
	for i, want := range stmtCounts {
		st := q["statements"].([]any)[i].(map[string]any)
		if got := nums(st["counts"]); !slices.Equal(got, want) {
			t.Errorf("%s statement %d: counts %v, runs sum to %v", what, i, got, want)
		}
	}
	if q["type"] == "wordcloud" {
		got := wordsOf(q)
		if len(got) != len(words) {
			t.Errorf("%s: words %v, runs have %v", what, got, words)
		}
		for w, n := range words {
			if got[w] != n {
				t.Errorf("%s: %q counts %v, runs sum to %v", what, w, got[w], n)
			}
		}
	}
	if v, ok := q["answers"]; ok {
		if len(v.([]any)) != len(answers) {
			t.Errorf("%s: %d answers, runs have %d", what, len(v.([]any)), len(answers))
		}
		for _, a := range v.([]any) {
			if !answers[a.(map[string]any)["id"].(string)] {
				t.Errorf("%s: answer %v is in no run", what, a)
			}
		}
	}
	if v, ok := q["entries"]; ok {
		if len(v.([]any)) != len(entries) {
			t.Errorf("%s: %d entries, runs have %d", what, len(v.([]any)), len(entries))
		}
		for _, e := range v.([]any) {
			em := e.(map[string]any)
			if id := em["id"].(string); !entries[id] || votes[id] != em["votes"].(float64) {
				t.Errorf("%s: entry %v: in runs %v, votes %v", what, em, entries[id], votes[id])
			}
		}
	}
}

// A programme of three sessions with phones in each: every later session
// starts with copies of the one before, the combined results of every
// type are the sum of the runs, an entry hidden in one session stays
// hidden, and a category's mean is the hand-computed one.
func TestProgrammeCombinesItsSessions(t *testing.T) {
	for _, engine := range append(engines, "cluster") {
		t.Run(engine, func(t *testing.T) {
			prefix := newPrefix(t)
			if engine == "cluster" {
				prefix = testutil.RedisPrefix(t, testutil.RedisClusterURL(t))
			}
			n := startNode(t, engine, prefix)
			p := newProgramme(t, n, newFacilitatorKey(t, n, "anna@kommun.se", "facilitator"), "Medarbetarskap 2027")
			first := p.session("Seminarium 1")
			if qs := sessionQuestions(t, first); len(qs) != 0 {
				t.Fatalf("the first session starts with %d questions, want none", len(qs))
			}
			first.question(map[string]any{"type": "choice", "prompt": "Förvaltning?", "options": []string{"Skola", "Vård", "Teknik"}})
			first.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord", "maxEntries": 2})
			first.question(map[string]any{"type": "scale", "prompt": "Hur väl stämmer det?", "statements": []string{"Jag blir hörd", "Jag får vara med"}, "category": "Delaktighet"})
			first.question(map[string]any{"type": "scale", "prompt": "Jag kan påverka", "category": " Delaktighet "})
			first.question(map[string]any{"type": "scale", "prompt": "Jag trivs", "category": "Arbetsmiljö"})
			first.question(map[string]any{"type": "ranking", "prompt": "Viktigast?", "options": []string{"Lön", "Tid", "Kollegor"}})
			first.question(map[string]any{"type": "open", "prompt": "Något mer?"})
			first.question(map[string]any{"type": "qa", "prompt": "Frågor"})
			first.question(map[string]any{"type": "quiz", "prompt": "Huvudstad?", "options": []string{"Oslo", "Stockholm"}, "correct": []int{1}})
			origins := map[string]string{} // prompt -> id in the first session
			for _, q := range sessionQuestions(t, first) {
				origins[q["prompt"].(string)] = q["id"].(string)
				if q["prompt"] == "Jag kan påverka" && q["category"] != "Delaktighet" {
					t.Fatalf("category not cleaned: %q", q["category"])
				}
			}

			sessions := []*facilitator{first}
			for k := 2; k <= 3; k++ {
				f := p.session(fmt.Sprintf("Seminarium %d", k))
				qs := sessionQuestions(t, f)
				if len(qs) != len(origins) {
					t.Fatalf("session %d starts with %d questions, want %d copies", k, len(qs), len(origins))
				}
				for _, q := range qs {
					if q["origin"] != origins[q["prompt"].(string)] || q["id"] == q["origin"] {
						t.Fatalf("session %d: question %q has origin %v, want %v", k, q["prompt"], q["origin"], origins[q["prompt"].(string)])
					}
				}
				sessions = append(sessions, f)
			}

			// Session k (0-based) has k+2 phones; phone i answers values of (k, i).
			type vals struct{ s1, s2, single, other int }
			var delaktighet []int // every value given to a Delaktighet statement, by statement
			stmtSum := map[string][2]float64{}
			hiddenText := ""
			for k, f := range sessions {
				phones := joinPhones(t, n, f.s.Code, k+2)
				byPrompt := map[string]string{}
				for _, q := range sessionQuestions(t, f) {
					byPrompt[q["prompt"].(string)] = q["id"].(string)
				}
				v := func(i int) vals { return vals{1 + (i+k)%5, 1 + (2*i+k)%5, 1 + (i*k)%5, 1 + i%5} }
				f.ask(phones, byPrompt["Förvaltning?"], func(i int) any { return []int{(i + k) % 3} })
				f.ask(phones, byPrompt["Ett ord"], func(i int) any { return []string{[]string{"kaffe", "Tillit", "tid"}[(i+k)%3], "möten"} })
				f.ask(phones, byPrompt["Hur väl stämmer det?"], func(i int) any {
					if i == 0 && k == 1 {
						return []any{v(i).s1, nil} // a statement left unanswered
					}
					return []int{v(i).s1, v(i).s2}
				})
				f.ask(phones, byPrompt["Jag kan påverka"], func(i int) any { return []int{v(i).single} })
				f.ask(phones, byPrompt["Jag trivs"], func(i int) any { return []int{v(i).other} })
				for i := range phones {
					a := stmtSum["s1"]
					stmtSum["s1"] = [2]float64{a[0] + float64(v(i).s1), a[1] + 1}
					if !(i == 0 && k == 1) {
						a = stmtSum["s2"]
						stmtSum["s2"] = [2]float64{a[0] + float64(v(i).s2), a[1] + 1}
					}
					a = stmtSum["single"]
					stmtSum["single"] = [2]float64{a[0] + float64(v(i).single), a[1] + 1}
					delaktighet = append(delaktighet, v(i).single)
				}
				f.ask(phones, byPrompt["Viktigast?"], func(i int) any { return []int{(i + k) % 3, (i + k + 1) % 3, (i + k + 2) % 3} })
				f.ask(phones, byPrompt["Något mer?"], func(i int) any { return fmt.Sprintf("svar %d från seminarium %d", i, k+1) })
				f.ask(phones, byPrompt["Frågor"], func(i int) any { return map[string]any{"ask": fmt.Sprintf("fråga %d.%d", k+1, i)} })
				f.ask(phones, byPrompt["Huvudstad?"], func(i int) any { return []int{i % 2} })
				if k == 1 { // the facilitator of the second session hides one open answer
					res := f.results()[byPrompt["Något mer?"]].(map[string]any)
					a := res["answers"].([]any)[0].(map[string]any)
					hiddenText = a["text"].(string)
					if code := call(t, "POST", f.url("/questions/"+byPrompt["Något mer?"]+"/moderation"), f.s.FacilitatorToken,
						map[string]any{"entry": a["id"], "hidden": true}, nil); code != 200 {
						t.Fatalf("hide an answer: %d", code)
					}
				}
			}

			r := p.results("")
			ss := r["sessions"].([]any)
			if len(ss) != 3 {
				t.Fatalf("%d sessions in the results, want 3", len(ss))
			}
			for k, s := range ss {
				sm := s.(map[string]any)
				if sm["id"] != sessions[k].s.ID || sm["participants"].(float64) != float64(k+2) {
					t.Errorf("session %d: %v, want %s with %d participants", k, sm, sessions[k].s.ID, k+2)
				}
			}
			qs := r["questions"].([]any)
			if len(qs) != len(origins) {
				t.Fatalf("%d combined questions, want %d", len(qs), len(origins))
			}
			for _, x := range qs {
				q := x.(map[string]any)
				if q["origin"] != origins[q["prompt"].(string)] {
					t.Errorf("question %q: origin %v, want %v", q["prompt"], q["origin"], origins[q["prompt"].(string)])
				}
				if len(q["runs"].([]any)) != 3 {
					t.Errorf("question %q: %d runs, want 3", q["prompt"], len(q["runs"].([]any)))
				}
				checkSumOfRuns(t, q)
				if q["prompt"] == "Förvaltning?" && !slices.Equal(nums(q["counts"]), []float64{3, 3, 3}) {
					t.Errorf("choice counts %v, want [3 3 3]", q["counts"])
				}
				if q["type"] == "open" {
					if len(q["answers"].([]any)) != 8 {
						t.Errorf("open: %d answers shown, want 8 of 9 (one hidden)", len(q["answers"].([]any)))
					}
					for _, a := range q["answers"].([]any) {
						if a.(map[string]any)["text"] == hiddenText {
							t.Errorf("the hidden answer %q is in the combined results", hiddenText)
						}
					}
				}
				if q["type"] == "wordcloud" && wordsOf(q)["möten"] != 9 {
					t.Errorf("word cloud: möten %v, want 9", wordsOf(q)["möten"])
				}
			}

			// Delaktighet: the mean of the means of its three statements (two
			// of one question, one of another), over all sessions' answers.
			mean := func(k string) float64 { return stmtSum[k][0] / stmtSum[k][1] }
			want := (mean("s1") + mean("s2") + mean("single")) / 3
			var found bool
			for _, c := range r["categories"].([]any) {
				cm := c.(map[string]any)
				if cm["name"] != "Delaktighet" {
					continue
				}
				found = true
				if got := cm["mean"].(float64); math.Abs(got-want) > 1e-12 {
					t.Errorf("Delaktighet: mean %v, hand-computed %v", got, want)
				}
				if len(cm["runs"].([]any)) != 3 {
					t.Errorf("Delaktighet: %d runs, want 3", len(cm["runs"].([]any)))
				}
			}
			if !found {
				t.Fatalf("no Delaktighet in the categories: %v", r["categories"])
			}
			_ = delaktighet

			// A session's own results carry its categories.
			var sr struct {
				Categories []struct {
					Name string
					Mean float64
				}
			}
			call(t, "GET", first.url("/results"), first.s.FacilitatorToken, nil, &sr)
			if len(sr.Categories) != 2 || sr.Categories[0].Name != "Delaktighet" || sr.Categories[1].Name != "Arbetsmiljö" {
				t.Errorf("session categories %+v", sr.Categories)
			}
		})
	}
}
