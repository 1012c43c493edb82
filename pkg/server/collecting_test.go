package server_test

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A self-paced session that collects examples until closesAt: phones see
// the deadline, every answer from then on is refused as locked (the phones
// are told at once), and the facilitator moves or clears it.
func TestClosesAt(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			closes := time.Now().Add(1500 * time.Millisecond).UTC().Truncate(time.Millisecond)
			f := createSession(t, n, map[string]any{"pace": "audience", "closesAt": closes.Format(time.RFC3339Nano)})
			theme := f.question(map[string]any{"type": "open", "prompt": "Ett exempel på tillit?"})

			var sess map[string]any
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
			if got, _ := time.Parse(time.RFC3339, fmt.Sprint(sess["closesAt"])); !got.Equal(closes) {
				t.Fatalf("closesAt of the session = %v, want %v", sess["closesAt"], closes)
			}
			p := dial(t, n)
			p.join(f.s.Code, "")
			qs := p.next("questions", nil)
			if got, _ := time.Parse(time.RFC3339, fmt.Sprint(qs["closesAt"])); !got.Equal(closes) || qs["locked"] != false {
				t.Fatalf("questions frame: closesAt %v locked %v, want %v and open", qs["closesAt"], qs["locked"], closes)
			}
			if a := p.answer("1", theme, "Vi stoler på hinanden"); a["type"] != "ack" {
				t.Fatalf("answer before closesAt: %v", a)
			}
			// At closesAt every phone is told the session closed.
			p.next("questions", func(m map[string]any) bool { return m["locked"] == true })
			if a := p.answer("2", theme, "For sent"); a["type"] != "error" || a["code"] != "locked" {
				t.Fatalf("answer after closesAt: %v, want a locked error", a)
			}
			var st map[string]any
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &st)
			if st["state"].(map[string]any)["locked"] != true {
				t.Fatalf("state after closesAt: %v, want locked", st["state"])
			}

			// Moved a week on: open again.
			later := time.Now().Add(7 * 24 * time.Hour).UTC().Truncate(time.Second)
			if code := call(t, "PATCH", f.url(""), f.s.FacilitatorToken, map[string]any{"closesAt": later.Format(time.RFC3339)}, &sess); code != 200 {
				t.Fatalf("move closesAt: %d", code)
			}
			p.next("questions", func(m map[string]any) bool { return m["locked"] == false })
			if a := p.answer("3", theme, "Nu igen"); a["type"] != "ack" {
				t.Fatalf("answer after closesAt moved: %v", a)
			}
			if code := call(t, "PATCH", f.url(""), f.s.FacilitatorToken, map[string]any{"closesAt": nil}, &sess); code != 200 || sess["closesAt"] != nil {
				t.Fatalf("clear closesAt: %d %v", code, sess["closesAt"])
			}
			for _, bad := range []any{"1 november", 12, "2026-11-01"} {
				if code := call(t, "PATCH", f.url(""), f.s.FacilitatorToken, map[string]any{"closesAt": bad}, nil); code != 400 {
					t.Fatalf("closesAt %v: %d, want 400", bad, code)
				}
			}
			if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]any{"title": "x", "language": "da", "closesAt": "snart"}, nil); code != 400 {
				t.Fatalf("create with a bad closesAt: %d, want 400", code)
			}
		})
	}
}

// The working group selects examples: each open answer and Q&A entry in
// the facilitator's results carries selected; PATCH .../answers/{id}
// marks it, results and exports with ?selected=true give only those, and
// the room never sees the marks.
func TestSelectExamples(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			dept := f.question(map[string]any{"type": "choice", "prompt": "Afdeling?", "options": []string{"Skole", "Pleje"}})
			trust := f.question(map[string]any{"type": "open", "prompt": "Tillid"})
			asks := f.question(map[string]any{"type": "qa", "prompt": "Spørgsmål"})
			phones := joinPhones(t, n, f.s.Code, 3)
			f.ask(phones, dept, func(i int) any { return []int{i % 2} })
			f.ask(phones, trust, func(i int) any { return fmt.Sprintf("Eksempel %d", i) })
			f.ask(phones[:1], asks, func(int) any { return map[string]any{"ask": "Hvornår?"} })

			answers := func(r map[string]any, qid, key string) []map[string]any {
				var out []map[string]any
				for _, a := range r[qid].(map[string]any)[key].([]any) {
					out = append(out, a.(map[string]any))
				}
				return out
			}
			all := answers(f.results(), trust, "answers")
			if len(all) != 3 {
				t.Fatalf("answers %v", all)
			}
			for _, a := range all {
				if a["selected"] != false {
					t.Fatalf("a new answer must carry selected false: %v", a)
				}
			}
			entry := answers(f.results(), asks, "entries")[0]
			pick := func(id string, on bool) map[string]any {
				var res map[string]any
				if code := call(t, "PATCH", f.url("/answers/"+id), f.s.FacilitatorToken, map[string]any{"selected": on}, &res); code != 200 {
					t.Fatalf("select %s %v: %d %v", id, on, code, res)
				}
				return res
			}
			if res := pick(all[1]["id"].(string), true); res["questionId"] != trust || res["selected"] != true || res["selectedBy"] != "owner" {
				t.Fatalf("select answer: %v", res)
			}
			pick(all[2]["id"].(string), true)
			pick(entry["id"].(string), true)
			pick(all[2]["id"].(string), false)

			r := f.results()
			got := answers(r, trust, "answers")
			if got[0]["selected"] != false || got[1]["selected"] != true || got[1]["selectedBy"] != "owner" || got[2]["selected"] != false {
				t.Fatalf("answers after selecting the second: %v", got)
			}
			if e := answers(r, asks, "entries")[0]; e["selected"] != true {
				t.Fatalf("Q&A entry after selecting: %v", e)
			}
			var only struct{ Questions []map[string]any }
			if code := call(t, "GET", f.url("/results?selected=true"), f.s.FacilitatorToken, nil, &only); code != 200 {
				t.Fatalf("selected results: %d", code)
			}
			for _, q := range only.Questions {
				if q["id"] == trust {
					if as := q["answers"].([]any); len(as) != 1 || as[0].(map[string]any)["text"] != "Eksempel 1" {
						t.Fatalf("selected answers %v", as)
					}
				}
			}
			var split struct{ Questions []map[string]any }
			call(t, "GET", f.url("/results?selected=true&segmentBy="+dept), f.s.FacilitatorToken, nil, &split)
			if len(split.Questions) != 3 {
				t.Fatalf("selected results by department: %v", split.Questions)
			}

			rows := csvRows(t, f, "")
			if h := rows[0]; h[len(h)-1] != "selected" {
				t.Fatalf("csv header %q: the last column must be selected", h)
			}
			selected := 0
			for _, row := range rows[1:] {
				if row[len(row)-1] == "true" {
					selected++
					if row[5] != "Eksempel 1" && row[5] != "Hvornår?" {
						t.Fatalf("row %q is marked selected", row)
					}
				}
			}
			if selected != 2 {
				t.Fatalf("%d rows marked selected, want 2: %q", selected, rows)
			}
			if rows := csvRows(t, f, "?selected=true"); len(rows) != 3 || rows[1][5] != "Eksempel 1" || rows[2][5] != "Hvornår?" {
				t.Fatalf("csv of the selected only: %q", rows)
			}

			for _, tc := range []struct {
				id   string
				body any
				want int
			}{
				{"nothing-like-it", map[string]any{"selected": true}, 404},
				{all[0]["id"].(string), map[string]any{}, 400},
				{all[0]["id"].(string), map[string]any{"selected": "yes"}, 400},
				{all[0]["id"].(string), map[string]any{"selected": true, "by": "x"}, 400},
			} {
				if code := call(t, "PATCH", f.url("/answers/"+tc.id), f.s.FacilitatorToken, tc.body, nil); code != tc.want {
					t.Fatalf("PATCH answers/%s %v: %d, want %d", tc.id, tc.body, code, tc.want)
				}
			}

			// The working group: a viewer and a co-facilitator select too,
			// and the results name who selected what.
			viewer := newFacilitatorKey(t, n, "styrgruppen@kommune.dk", "facilitator")
			cofac := newFacilitatorKey(t, n, "hr@kommune.dk", "facilitator")
			for key, role := range map[string]string{viewer: "viewer", cofac: "cofacilitator"} {
				var me struct{ ID string }
				call(t, "GET", n.URL+"/api/v1/me", key, nil, &me)
				if code := call(t, "POST", f.url("/members"), adminKey, map[string]string{"facilitator": me.ID, "role": role}, nil); code != 200 {
					t.Fatalf("add %s: %d", role, code)
				}
			}
			var res map[string]any
			if code := call(t, "PATCH", f.url("/answers/"+all[0]["id"].(string)), viewer, map[string]any{"selected": true}, &res); code != 200 || res["selectedBy"] != "styrgruppen@kommune.dk" {
				t.Fatalf("the viewer selects: %d %v", code, res)
			}
			if code := call(t, "PATCH", f.url("/answers/"+all[2]["id"].(string)), cofac, map[string]any{"selected": true}, nil); code != 200 {
				t.Fatalf("the co-facilitator selects: %d", code)
			}
			// One selected already keeps its first selector.
			if code := call(t, "PATCH", f.url("/answers/"+all[1]["id"].(string)), cofac, map[string]any{"selected": true}, &res); code != 200 || res["selectedBy"] != "owner" {
				t.Fatalf("the co-facilitator selects one selected already: %d %v", code, res)
			}
			// Selecting is all a viewer may write, and only with selected.
			if code := call(t, "PATCH", f.url("/answers/"+all[0]["id"].(string)), viewer, map[string]any{"selected": false, "hidden": true}, nil); code != 400 {
				t.Fatalf("the viewer sends more than selected: %d, want 400", code)
			}
			if code := call(t, "PATCH", f.url("/state"), viewer, map[string]any{"locked": true}, nil); code != 403 {
				t.Fatalf("the viewer locks: %d, want 403", code)
			}
			byText := map[string]string{}
			for _, a := range answers(f.results(), trust, "answers") {
				if a["selected"] == true {
					byText[a["text"].(string)] = a["selectedBy"].(string)
				}
			}
			if want := map[string]string{"Eksempel 0": "styrgruppen@kommune.dk", "Eksempel 1": "owner", "Eksempel 2": "hr@kommune.dk"}; fmt.Sprint(byText) != fmt.Sprint(want) {
				t.Fatalf("who selected what: %v, want %v", byText, want)
			}

			// The room never sees the marks.
			f.state(map[string]any{"questionId": trust, "resultsVisible": true})
			res = phones[0].next("results", func(m map[string]any) bool { return m["questionId"] == trust })
			for _, a := range res["answers"].([]any) {
				if _, ok := a.(map[string]any)["selected"]; ok {
					t.Fatalf("a phone's results carry selected: %v", res)
				}
			}
		})
	}
}

func csvRows(t *testing.T, f *facilitator, query string) [][]string {
	t.Helper()
	req, _ := http.NewRequest("GET", f.url("/export.csv"+query), nil)
	req.Header.Set("Authorization", "Bearer "+f.s.FacilitatorToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("export %s: %d %v\n%s", query, resp.StatusCode, err, body)
	}
	return rows
}
