package server_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/xuri/excelize/v2"

	"github.com/ting-live/ting/pkg/server"
)

func TestDeleteSession(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			keep := newSession(t, n)
			qid := f.question(map[string]any{"type": "choice", "prompt": "Ja?", "options": []string{"Ja", "Nej"}})
			f.state(map[string]any{"questionId": qid})
			phone := dial(t, n)
			phone.join(f.s.Code, "")
			phone.answer("a", qid, []int{0})
			screen := dial(t, n)
			screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
			screen.next("question", nil)

			if code := call(t, "DELETE", f.url(""), keep.s.FacilitatorToken, nil, nil); code != 403 {
				t.Fatalf("delete with another session's token: %d", code)
			}
			if code := call(t, "DELETE", f.url(""), f.s.FacilitatorToken, nil, nil); code != 204 {
				t.Fatalf("delete: %d", code)
			}
			for _, c := range []*client{phone, screen} {
				c.next("deleted", nil)
				_ = c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
				_, _, err := c.ws.ReadMessage()
				if !websocket.IsCloseError(err, 4004) {
					t.Fatalf("after deleted: %v, want close 4004", err)
				}
			}
			for _, path := range []string{"", "/results", "/export.csv"} {
				if code := call(t, "GET", f.url(path), f.s.FacilitatorToken, nil, nil); code != 404 {
					t.Fatalf("GET %s after delete: %d", path, code)
				}
			}
			again := dial(t, n)
			again.send(map[string]any{"type": "join", "code": f.s.Code})
			if e := again.next("error", nil); e["code"] != "unknown_session" {
				t.Fatalf("join after delete: %v", e)
			}
			if code := call(t, "GET", keep.url(""), keep.s.FacilitatorToken, nil, nil); code != 200 {
				t.Fatalf("other session after delete: %d", code)
			}
		})
	}
}

func TestRetention(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNodeWith(t, engine, newPrefix(t), func(c *server.Config) {
				c.Retention = 300 * time.Millisecond
				c.SweepInterval = 20 * time.Millisecond
			})
			f := newSession(t, n)
			var sess struct{ ExpiresAt time.Time }
			call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
			if sess.ExpiresAt.IsZero() {
				t.Fatal("session has no expiresAt")
			}
			deadline := time.Now().Add(5 * time.Second)
			for call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, nil) != 404 {
				if time.Now().After(deadline) {
					t.Fatal("expired session was not deleted")
				}
				time.Sleep(20 * time.Millisecond)
			}
			// The organisation's log says it expired, once, by the sweep.
			var log struct {
				Events []struct{ Action, By, SessionID string }
			}
			if code := call(t, "GET", n.URL+"/api/v1/audit", adminKey, nil, &log); code != 200 {
				t.Fatalf("the organisation's log: %d", code)
			}
			found := 0
			for _, e := range log.Events {
				if e.SessionID == f.s.ID {
					found++
					if e.Action != "expired" || e.By != "retention" {
						t.Errorf("the log of the expired session: %+v, want expired by retention", e)
					}
				}
			}
			if found != 1 {
				t.Errorf("the expired session is in the organisation's log %d times, want once: %+v", found, log.Events)
			}
		})
	}
}

func TestExportXLSX(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			dept := f.question(map[string]any{"type": "choice", "prompt": "Avdelning?", "options": []string{"Skola", "Vård", "Omsorg"}})
			words := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?"})
			phones := make([]*client, 7)
			for i := range phones {
				phones[i] = dial(t, n)
				phones[i].join(f.s.Code, "")
			}
			for _, q := range []string{dept, words} {
				f.state(map[string]any{"questionId": q})
				for i, p := range phones {
					p.next("question", func(m map[string]any) bool {
						qq, _ := m["question"].(map[string]any)
						return qq != nil && qq["id"] == q
					})
					v := any([]string{"=tillit"})
					if q == dept {
						v = []int{max(i-4, 0)} // five in Skola, one in Vård, one in Omsorg
					}
					if r := p.answer(fmt.Sprint(i), q, v); r["type"] != "ack" {
						t.Fatalf("answer: %v", r)
					}
				}
			}
			f.split(map[string]any{"count": 2})

			req, _ := http.NewRequest("GET", f.url("/export.xlsx?segmentBy="+dept), nil)
			req.Header.Set("Authorization", "Bearer "+f.s.FacilitatorToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
				t.Fatalf("export.xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			x, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("not a workbook: %v", err)
			}
			defer x.Close()
			if got := x.GetSheetList(); !slices.Equal(got, []string{"Results", "Answers", "Groups"}) {
				t.Fatalf("sheets %v", got)
			}
			rows, err := x.GetRows("Results")
			if err != nil {
				t.Fatal(err)
			}
			head := rows[0]
			if len(head) != 12 || head[7] != "Skola" || head[8] != "Vård" || head[9] != "Omsorg" || head[10] != "Grupp 1" || head[11] != "Grupp 2" {
				t.Fatalf("results header %q", head)
			}
			var tillit []string
			for _, r := range rows[1:] {
				if r[1] == words {
					tillit = r
				}
			}
			// Skola has 5 (shown), Vård and Omsorg 1 each (hidden); groups of 4 and 3 are below 5: hidden.
			if tillit == nil || tillit[5] != "'=tillit" || tillit[6] != "7" || tillit[7] != "5" || tillit[8] != "hidden" || tillit[9] != "hidden" || tillit[10] != "hidden" || tillit[11] != "hidden" {
				t.Fatalf("word row %q", tillit)
			}
			answers, _ := x.GetRows("Answers")
			if answers[0][5] != "group" || answers[0][6] != "segment" || len(answers) != 15 {
				t.Fatalf("answers sheet: %d rows, header %q", len(answers), answers[0])
			}
			for _, r := range answers[1:] {
				if len(r) > 6 && (r[6] == "Vård" || r[6] == "Omsorg") {
					t.Fatalf("a small segment labels an answer: %q", r)
				}
				if r[5] != "Grupp 1" && r[5] != "Grupp 2" {
					t.Fatalf("answer without group: %q", r)
				}
			}

			// The CSV export carries the same group and segment of each entry.
			req, _ = http.NewRequest("GET", f.url("/export.csv?segmentBy="+dept), nil)
			req.Header.Set("Authorization", "Bearer "+f.s.FacilitatorToken)
			resp, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			flat, err := csv.NewReader(resp.Body).ReadAll()
			if err != nil || len(flat) != 15 || flat[0][7] != "group" || flat[0][8] != "segment" {
				t.Fatalf("export.csv: %v, %d rows, header %q", err, len(flat), flat[0])
			}
			skola := 0
			for _, r := range flat[1:] {
				switch {
				case r[7] != "Grupp 1" && r[7] != "Grupp 2":
					t.Fatalf("CSV entry without group: %q", r)
				case r[8] == "Vård" || r[8] == "Omsorg":
					t.Fatalf("a small segment labels a CSV entry: %q", r)
				case r[8] == "Skola":
					skola++
					if r[4] == "" {
						t.Fatalf("a CSV entry of a shown segment without its participant: %q", r)
					}
				case r[4] != "":
					// The participant id would tie this answer to the person's
					// answer "Vård" or "Omsorg" to the question split by.
					t.Fatalf("a CSV entry of a hidden segment names its participant: %q", r)
				}
			}
			if skola != 10 { // five phones, two questions
				t.Fatalf("%d CSV entries labelled Skola, want 10", skola)
			}
		})
	}
}
