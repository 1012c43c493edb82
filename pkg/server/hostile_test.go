package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// One hostile phone sends every kind of bad frame, then floods; each bad
// frame gets a clear error, and another phone behind the same address has
// every answer acknowledged and counted meanwhile.
func TestHostilePhoneDoesNotDisturbOthers(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			wc := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 3})
			qa := f.question(map[string]any{"type": "qa", "prompt": "Frågor?"})
			f.state(map[string]any{"questionId": wc})

			hostile := dial(t, n)
			hostile.join(f.s.Code, "")
			hostile.next("question", func(m map[string]any) bool { return m["question"] != nil })
			calm := dial(t, n)
			calm.join(f.s.Code, "")
			calm.next("question", func(m map[string]any) bool { return m["question"] != nil })

			// Each bad frame alone: a clear error with the contract's code.
			for i, tc := range []struct {
				name  string
				frame string
				code  string
			}{
				{"invalid JSON", `{"type":"answer",`, "bad_request"},
				{"not an object", `[1,2,3]`, "bad_request"},
				{"no type", `{"ref":"x"}`, "bad_request"},
				{"unknown type", `{"type":"vote","ref":"r"}`, "unknown_type"},
				{"over the size limit", `{"type":"answer","ref":"r","value":["` + strings.Repeat("x", 4100) + `"]}`, "too_large"},
				{"wrong shape", `{"type":"answer","ref":"r","questionId":"` + wc + `","value":{"ask":"x"}}`, "invalid_answer"},
				{"number for a word", `{"type":"answer","ref":"r","questionId":"` + wc + `","value":[42]}`, "invalid_answer"},
				{"empty entry", `{"type":"answer","ref":"r","questionId":"` + wc + `","value":[""]}`, "invalid_answer"},
				{"white space entry", `{"type":"answer","ref":"r","questionId":"` + wc + `","value":["\u00a0\t "]}`, "invalid_answer"},
				{"huge entry", `{"type":"answer","ref":"r","questionId":"` + wc + `","value":["` + strings.Repeat("ö", 51) + `"]}`, "invalid_answer"},
				{"control characters", `{"type":"answer","ref":"r","questionId":"` + wc + `","value":["kaf\u0007fe"]}`, "invalid_answer"},
				{"NUL", `{"type":"answer","ref":"r","questionId":"` + wc + `","value":["a\u0000b"]}`, "invalid_answer"},
				{"too many entries", `{"type":"answer","ref":"r","questionId":"` + wc + `","value":["a","b","c","d"]}`, "invalid_answer"},
				{"no value", `{"type":"answer","ref":"r","questionId":"` + wc + `"}`, "invalid_answer"},
				{"question not open", `{"type":"answer","ref":"r","questionId":"` + qa + `","value":{"ask":"x"}}`, "not_current"},
				{"unknown question", `{"type":"answer","ref":"r","questionId":"nope","value":["x"]}`, "not_current"},
			} {
				if err := hostile.ws.WriteMessage(websocket.TextMessage, []byte(tc.frame)); err != nil {
					t.Fatal(err)
				}
				e := hostile.next("error", nil)
				if e["code"] != tc.code || e["message"] == "" {
					t.Fatalf("%s: %v, want code %s with a message", tc.name, e, tc.code)
				}
				// The calm phone is answered in between.
				if i%4 == 0 {
					if a := calm.answer(fmt.Sprint("c", i), wc, []string{"Tillit"}); a["type"] != "ack" {
						t.Fatalf("calm phone after %s: %v", tc.name, a)
					}
				}
			}

			// Then a flood of frames, good and bad, while the calm phone answers.
			var wg sync.WaitGroup
			codes := map[string]int{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = hostile.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
				for {
					var m map[string]any
					if hostile.ws.ReadJSON(&m) != nil {
						return
					}
					if m["type"] == "error" {
						codes[m["code"].(string)]++
					}
					if m["ref"] == "last" || m["type"] == "pong" { // the ping, limited or answered
						return
					}
				}
			}()
			for i := 0; i < 200; i++ {
				frame := `{"type":"answer","ref":"f","questionId":"` + wc + `","value":["flood"]}`
				if i%2 == 1 {
					frame = `{"type":"answer","ref":"f",` // broken
				}
				if err := hostile.ws.WriteMessage(websocket.TextMessage, []byte(frame)); err != nil {
					t.Fatalf("flood frame %d: %v", i, err)
				}
			}
			words := []string{"Kaffe", "Samarbete", "Tillit", "Glädje"}
			for i, w := range words {
				if a := calm.answer(fmt.Sprint("during", i), wc, []string{w}); a["type"] != "ack" {
					t.Fatalf("calm phone during the flood: %v", a)
				}
			}
			hostile.send(map[string]any{"type": "ping", "ref": "last"})
			wg.Wait()
			// Broken frames count against the limit too: 100 of them do
			// not get 100 answers.
			if codes["rate_limited"] < 100 || codes["bad_request"] > 50 {
				t.Fatalf("a flood of 200 frames, half of them broken: %v, want most rate limited", codes)
			}

			// A frame over the hard limit ends only that connection.
			_ = hostile.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping","pad":"`+strings.Repeat("x", 17<<10)+`"}`))
			_ = hostile.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
			for {
				if _, _, err := hostile.ws.ReadMessage(); err != nil {
					if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
						t.Fatalf("after a frame over the hard limit: %v, want close 1009", err)
					}
					break
				}
			}
			if a := calm.answer("after", wc, []string{"Kaffe"}); a["type"] != "ack" {
				t.Fatalf("calm phone after the hostile one was closed: %v", a)
			}
			r := f.results()[wc].(map[string]any)
			got := wordsOf(r)
			if got["Kaffe"] != 1 || got["Tillit"] != 0 || r["responses"] == 0.0 || r["responses"].(float64) > 2 {
				t.Fatalf("results %v: the calm phone's last word should count once, garbage never", r)
			}
			for w := range got {
				if w != "Kaffe" && w != "flood" {
					t.Fatalf("unexpected word %q in %v", w, got)
				}
			}
		})
	}
}

// Joining again and again on one connection makes a new participant each
// time; it must not make a new rate limit each time too.
func TestJoinFloodIsRateLimited(t *testing.T) {
	n := startNode(t, "embedded", "")
	f := newSession(t, n)
	c := dial(t, n)
	limited := false
	for i := 0; i < 100 && !limited; i++ {
		c.send(map[string]any{"type": "join", "code": f.s.Code, "ref": "j"})
		m := c.until("a welcome or an error", func(m map[string]any) bool { return m["type"] == "welcome" || m["type"] == "error" })
		limited = m["code"] == "rate_limited"
	}
	if !limited {
		t.Fatal("100 joins on one connection were never rate limited")
	}
	// Another phone joins as usual.
	if w := dial(t, n).join(f.s.Code, ""); w["token"] == "" {
		t.Fatalf("second phone: %v", w)
	}
}

// REST bodies that are too large, not JSON, or of the wrong shape get the
// contract's error body, and the session is unchanged.
func TestRESTBadBodies(t *testing.T) {
	n := startNode(t, "embedded", "")
	f := newSession(t, n)
	for _, tc := range []struct {
		name, method, url, body string
		want                    int
		code                    string
	}{
		{"huge title", "POST", n.URL + "/api/v1/sessions", `{"title":"` + strings.Repeat("x", 70<<10) + `"}`, 413, "too_large"},
		{"not JSON", "POST", n.URL + "/api/v1/sessions", `{"title":`, 400, "bad_request"},
		{"an array", "POST", f.url("/questions"), `[1,2]`, 400, "bad_request"},
		{"options of numbers", "POST", f.url("/questions"), `{"type":"choice","prompt":"?","options":[1,2]}`, 400, "bad_request"},
		{"huge question", "POST", f.url("/questions"), `{"type":"open","prompt":"` + strings.Repeat("å", 40<<10) + `"}`, 413, "too_large"},
		{"state of the wrong type", "PATCH", f.url("/state"), `{"resultsVisible":"yes"}`, 400, "bad_request"},
	} {
		req, _ := http.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		token := f.s.FacilitatorToken
		if strings.HasSuffix(tc.url, "/api/v1/sessions") { // creating a session takes a facilitator
			token = adminKey
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Error struct{ Code, Message string }
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != tc.want || e.Error.Code != tc.code || e.Error.Message == "" {
			t.Errorf("%s: %d %+v, want %d %s", tc.name, resp.StatusCode, e.Error, tc.want, tc.code)
		}
	}
	var sess struct{ Questions []any }
	call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, &sess)
	if len(sess.Questions) != 0 {
		t.Fatalf("refused bodies added questions: %v", sess.Questions)
	}
}
