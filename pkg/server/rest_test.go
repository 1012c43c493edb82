package server_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestSessionAPI(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			if !regexp.MustCompile(`^\d{6,8}$`).MatchString(f.s.Code) {
				t.Fatalf("code %q is not 6-8 digits", f.s.Code)
			}
			if !strings.Contains(f.s.JoinURL, f.s.Code) || !strings.Contains(f.s.PresentURL, "#") {
				t.Fatalf("joinUrl %q / presentUrl %q", f.s.JoinURL, f.s.PresentURL)
			}
			other := newSession(t, n)

			var e struct {
				Error struct{ Code, Message string }
			}
			for _, tc := range []struct {
				name, method, url, token string
				body                     any
				want                     int
				code                     string
			}{
				{"no token", "GET", f.url(""), "", nil, 401, "unauthorized"},
				{"other session's token", "GET", f.url(""), other.s.FacilitatorToken, nil, 403, "forbidden"},
				{"unknown session", "GET", n.URL + "/api/v1/sessions/nope", f.s.FacilitatorToken, nil, 404, "not_found"},
				{"unknown type", "POST", f.url("/questions"), f.s.FacilitatorToken, map[string]any{"type": "poem", "prompt": "?"}, 400, "bad_request"},
				{"missing prompt", "POST", f.url("/questions"), f.s.FacilitatorToken, map[string]any{"type": "wordcloud"}, 400, "bad_request"},
				{"one option", "POST", f.url("/questions"), f.s.FacilitatorToken, map[string]any{"type": "choice", "prompt": "?", "options": []string{"A"}}, 400, "bad_request"},
				{"options on a word cloud", "POST", f.url("/questions"), f.s.FacilitatorToken, map[string]any{"type": "wordcloud", "prompt": "?", "options": []string{"A", "B"}}, 400, "bad_request"},
				{"unknown question", "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"questionId": "nope"}, 400, "bad_request"},
				{"bad state field", "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"locked": "yes"}, 400, "bad_request"},
				{"empty title", "POST", n.URL + "/api/v1/sessions", adminKey, map[string]any{"title": " "}, 400, "bad_request"},
				{"unknown language", "POST", n.URL + "/api/v1/sessions", adminKey, map[string]any{"title": "x", "language": "xx"}, 400, "bad_request"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					e.Error.Code = ""
					if got := call(t, tc.method, tc.url, tc.token, tc.body, &e); got != tc.want || e.Error.Code != tc.code || e.Error.Message == "" {
						t.Fatalf("got %d %+v, want %d %s", got, e.Error, tc.want, tc.code)
					}
				})
			}

			qid := f.question(map[string]any{"type": "choice", "prompt": "Vilken avdelning?", "options": []string{"Skola", "Vård"}})
			var st map[string]any
			if code := call(t, "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"questionId": qid, "locked": true}, &st); code != 200 {
				t.Fatalf("patch: %d", code)
			}
			if st["questionId"] != qid || st["locked"] != true || st["resultsVisible"] != false {
				t.Fatalf("state %v", st)
			}
			call(t, "PATCH", f.url("/state"), f.s.FacilitatorToken, map[string]any{"questionId": nil}, &st)
			if st["questionId"] != nil || st["locked"] != true {
				t.Fatalf("state after clearing question %v", st)
			}
			var sess struct {
				Questions []map[string]any
				State     map[string]any
			}
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
			if len(sess.Questions) != 1 || sess.Questions[0]["id"] != qid || sess.State["locked"] != true {
				t.Fatalf("session %+v", sess)
			}
			res := f.results()[qid].(map[string]any)
			if res["type"] != "choice" || res["responses"] != 0.0 || len(res["counts"].([]any)) != 2 {
				t.Fatalf("results %v", res)
			}
		})
	}
}

func TestExportCSV(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			qid := f.question(map[string]any{"type": "wordcloud", "prompt": "Stolthet?", "maxEntries": 3})
			f.state(map[string]any{"questionId": qid})
			p := dial(t, n)
			p.join(f.s.Code, "")
			if a := p.answer("1", qid, []string{"Kollegor", "=SUM(A1)"}); a["type"] != "ack" {
				t.Fatalf("answer: %v", a)
			}
			req, _ := http.NewRequest("GET", f.url("/export.csv"), nil)
			req.Header.Set("Authorization", "Bearer "+f.s.FacilitatorToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Fatalf("content type %q", ct)
			}
			body, _ := io.ReadAll(resp.Body)
			rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
			if err != nil {
				t.Fatalf("parse csv: %v\n%s", err, body)
			}
			if len(rows) != 3 || rows[0][5] != "entry" || rows[1][5] != "Kollegor" || rows[2][5] != "'=SUM(A1)" || rows[1][1] != qid {
				t.Fatalf("rows %q", rows)
			}
		})
	}
}

func TestOperationsEndpoints(t *testing.T) {
	n := startNode(t, "embedded", "")
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/metrics": "ting_hub_connections"} {
		resp, err := http.Get(n.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Fatalf("%s: %d %q", path, resp.StatusCode, body)
		}
	}
}
