package server_test

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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

// segmentBy splits the combined answers by a segment question asked in
// every session: the anonymity floor holds for the combined segment (two
// of each session's five is too few in one session, six over three is
// shown), a segment under it is hidden, and beside a lone hidden segment
// the smallest shown one is hidden too.
func TestProgrammeSegments(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			p := newProgramme(t, n, newFacilitatorKey(t, n, "anna@kommun.se", "facilitator"), "Splits")
			first := p.session("1")
			seg := first.question(map[string]any{"type": "choice", "prompt": "Förvaltning?", "options": []string{"Skola", "Vård", "Teknik"}})
			first.question(map[string]any{"type": "scale", "prompt": "Jag blir hörd"})
			sessions := []*facilitator{first, p.session("2"), p.session("3")}
			for _, f := range sessions {
				qs := sessionQuestions(t, f)
				phones := joinPhones(t, n, f.s.Code, 5)
				f.ask(phones, qs[0]["id"].(string), func(i int) any { return []int{[]int{0, 0, 1, 1, 2}[i]} })
				f.ask(phones, qs[1]["id"].(string), func(i int) any { return []int{1 + i} })
			}
			if code := call(t, "GET", p.url("/results?segmentBy=nope"), p.key, nil, nil); code != 400 {
				t.Fatalf("segmentBy an unknown origin: %d, want 400", code)
			}
			r := p.results("?segmentBy=" + seg)
			for _, x := range r["questions"].([]any) {
				q := x.(map[string]any)
				segs := q["segments"].([]any)
				if len(segs) != 3 {
					t.Fatalf("%s: %d segments", q["prompt"], len(segs))
				}
				hidden := []bool{}
				for _, s := range segs {
					sm := s.(map[string]any)
					hidden = append(hidden, sm["hidden"] == true)
					if sm["hidden"] == true && (sm["responses"] != nil || sm["statements"] != nil || sm["counts"] != nil) {
						t.Errorf("%s: a hidden segment shows numbers: %v", q["prompt"], sm)
					}
				}
				if !slices.Equal(hidden, []bool{true, false, true}) {
					t.Errorf("%s: hidden %v, want Skola hidden beside the lone small Teknik, Vård (6 over three sessions) shown", q["prompt"], hidden)
				}
				vard := segs[1].(map[string]any)
				if vard["responses"].(float64) != 6 {
					t.Errorf("%s: Vård has %v responses, want 6", q["prompt"], vard["responses"])
				}
				if q["type"] == "scale" {
					// Vård is phones 2 and 3 of each session: values 3 and 4.
					if got := nums(vard["statements"].([]any)[0].(map[string]any)["counts"]); !slices.Equal(got, []float64{0, 0, 3, 3, 0}) {
						t.Errorf("scale Vård counts %v, want [0 0 3 3 0]", got)
					}
				}
			}
		})
	}
}

// The workspace lists a facilitator's programmes, newest first; the
// exports carry the combined results and each run's; deleting a programme
// deletes it and its members, and its sessions stay, each on its own.
func TestProgrammeListExportDelete(t *testing.T) {
	n := startNode(t, "embedded", "")
	key := newFacilitatorKey(t, n, "anna@kommun.se", "facilitator")
	other := newFacilitatorKey(t, n, "bo@kommun.se", "facilitator")
	older := newProgramme(t, n, key, "Förra året")
	p := newProgramme(t, n, key, "Medarbetarskap 2027")
	newProgramme(t, n, other, "Någon annans")
	var list struct {
		Programmes []struct{ ID, Title, Role string }
	}
	if code := call(t, "GET", n.URL+"/api/v1/programmes", key, nil, &list); code != 200 || len(list.Programmes) != 2 ||
		list.Programmes[0].ID != p.ID || list.Programmes[1].ID != older.ID || list.Programmes[0].Role != "owner" {
		t.Fatalf("GET programmes: %d %+v", code, list)
	}
	first := p.session("Seminarium 1")
	qid := first.question(map[string]any{"type": "choice", "prompt": "Förvaltning?", "options": []string{"Skola", "Vård"}})
	first.ask(joinPhones(t, n, first.s.Code, 2), qid, func(i int) any { return []int{i} })
	second := p.session("Seminarium 2")
	second.ask(joinPhones(t, n, second.s.Code, 1), sessionQuestions(t, second)[0]["id"].(string), func(int) any { return []int{1} })
	var got struct {
		Sessions []struct{ ID string }
	}
	if code := call(t, "GET", p.url(""), key, nil, &got); code != 200 || len(got.Sessions) != 2 || got.Sessions[0].ID != first.s.ID {
		t.Fatalf("GET programme: %d %+v", code, got)
	}

	resp, err := http.Get(p.url("/export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("export without credentials: %d", resp.StatusCode)
	}
	csvBody := fetch(t, p.url("/export.csv"), key)
	for _, want := range []string{"all,Medarbetarskap 2027,1," + qid + ",choice,Förvaltning?,,3,Vård,2", "1,Seminarium 1,1," + qid + ",choice,Förvaltning?,,2,Skola,1", "2,Seminarium 2,1," + qid + ",choice,Förvaltning?,,1,Vård,1"} {
		if !strings.Contains(csvBody, want) {
			t.Errorf("export.csv has no line %q:\n%s", want, csvBody)
		}
	}
	x, err := excelize.OpenReader(strings.NewReader(fetch(t, p.url("/export.xlsx"), key)))
	if err != nil {
		t.Fatalf("export.xlsx: %v", err)
	}
	if sheets := x.GetSheetList(); !slices.Equal(sheets, []string{"Combined", "Run 1", "Run 2", "Runs"}) {
		t.Errorf("export.xlsx sheets %v", sheets)
	}
	x.Close()

	if code := call(t, "DELETE", p.url(""), key, nil, nil); code != 204 {
		t.Fatalf("DELETE programme: %d", code)
	}
	if code := call(t, "GET", p.url(""), key, nil, nil); code != 404 {
		t.Fatalf("GET a deleted programme: %d, want 404", code)
	}
	if code := call(t, "GET", first.url(""), first.s.FacilitatorToken, nil, nil); code != 200 {
		t.Fatalf("a session of the deleted programme: %d, want 200 (sessions stay)", code)
	}
	call(t, "GET", n.URL+"/api/v1/programmes", key, nil, &list)
	if len(list.Programmes) != 1 || list.Programmes[0].ID != older.ID {
		t.Fatalf("programmes after delete: %+v", list)
	}
	// A new session naming the deleted programme is refused.
	if code := call(t, "POST", n.URL+"/api/v1/sessions", key, map[string]any{"title": "x", "programme": p.ID}, nil); code != 404 {
		t.Fatalf("a session of a deleted programme: %d, want 404", code)
	}
}

// fetch GETs url with a bearer token and returns the body of a 200.
func fetch(t *testing.T, url, token string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return string(b)
}
