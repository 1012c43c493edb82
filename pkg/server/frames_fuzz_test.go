package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/pkg/server"
)

// serverFrameTypes are the frame types a server may send a phone.
var serverFrameTypes = map[string]bool{
	"welcome": true, "question": true, "questions": true, "results": true, "ack": true,
	"error": true, "participants": true, "pong": true, "group": true,
}

// errorCodes are the documented error codes (docs/api.md).
var errorCodes = map[string]bool{
	"locked": true, "invalid_answer": true, "not_current": true, "unknown_session": true,
	"rate_limited": true, "too_large": true, "bad_request": true, "unknown_type": true,
	"not_joined": true, "forbidden": true, "unavailable": true,
}

// FuzzPhoneFrame sends a running node one arbitrary frame from a joined
// phone (QID and CODE in it stand for the current question's id and the
// session code). Whatever it is, the phone gets only well-formed frames of
// known types and documented error codes, and its connection stays open:
// a ping afterwards is answered. `go test` runs the seeds; make fuzz runs more.
func FuzzPhoneFrame(f *testing.F) {
	for _, s := range []string{
		`{"type":"answer","ref":"a","questionId":"QID","value":["kaffe"]}`,
		`{"type":"answer","ref":"a","questionId":"QID","value":["<script>x</script>","b","c","d"]}`,
		`{"type":"answer","ref":"a","questionId":"QID","value":[""]}`,
		`{"type":"answer","ref":"a","questionId":"QID","value":{"ask":"x"}}`,
		`{"type":"answer","ref":"a","questionId":"QID","value":[1e999]}`,
		`{"type":"answer","ref":"a","questionId":"QID"}`,
		`{"type":"answer","ref":"a","questionId":"nope","value":["x"]}`,
		`{"type":"join","code":"CODE","token":"forged","name":"\u0000\u202e"}`,
		`{"type":"join","code":"` + strings.Repeat("9", 3000) + `"}`,
		`{"type":"present","sessionId":"x","token":"y"}`,
		`{"type":"ping","ref":"` + strings.Repeat("r", 4000) + `"}`,
		`{"type":"dance"}`,
		`{"type":"answer",`,
		"\xff\xfe",
		``,
		`[]`,
	} {
		f.Add(s)
	}
	base := fuzzNode(f)
	var sess struct{ ID, Code, FacilitatorToken string }
	var q struct{ ID string }
	tbCall(f, "POST", base+"/api/v1/sessions", adminKey, map[string]string{"title": "Fuzz", "language": "sv"}, &sess, 201)
	tok, url := sess.FacilitatorToken, base+"/api/v1/sessions/"+sess.ID
	tbCall(f, "POST", url+"/questions", tok, map[string]any{"type": "wordcloud", "prompt": "?", "maxEntries": 3}, &q, 201)
	tbCall(f, "PATCH", url+"/state", tok, map[string]any{"questionId": q.ID}, nil, 200)
	qid, code := q.ID, sess.Code
	wsURL := "ws" + strings.TrimPrefix(base, "http") + "/ws"

	f.Fuzz(func(t *testing.T, frame string) {
		frame = strings.NewReplacer("QID", qid, "CODE", code).Replace(frame)
		ws, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		defer ws.Close()
		read := func(stop func(map[string]any) bool) {
			t.Helper()
			_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
			for {
				_, data, err := ws.ReadMessage()
				if err != nil {
					t.Fatalf("after frame %q: %v", frame, err)
				}
				var m map[string]any
				err = json.Unmarshal(data, &m)
				if typ, _ := m["type"].(string); err != nil || !serverFrameTypes[typ] {
					t.Fatalf("after frame %q: server sent %q", frame, data)
				}
				if m["type"] == "error" {
					code, _ := m["code"].(string)
					if msg, _ := m["message"].(string); !errorCodes[code] || msg == "" {
						t.Fatalf("after frame %q: error %q", frame, data)
					}
				}
				if stop(m) {
					return
				}
			}
		}
		if err := ws.WriteJSON(map[string]any{"type": "join", "code": code}); err != nil {
			t.Fatal(err)
		}
		read(func(m map[string]any) bool { return m["type"] == "question" })
		if err := ws.WriteMessage(websocket.TextMessage, []byte(frame)); err != nil {
			t.Fatal(err)
		}
		if len(frame) > 16<<10 {
			return // closes the connection, as documented
		}
		if err := ws.WriteJSON(map[string]any{"type": "ping"}); err != nil {
			t.Fatal(err)
		}
		read(func(m map[string]any) bool { return m["type"] == "pong" })
	})
}

// fuzzNode runs an embedded node for the whole fuzz run.
func fuzzNode(tb testing.TB) string {
	tb.Helper()
	srv, err := server.New(withAdminKey(server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	tb.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String()
}

// tbCall makes a REST request that must answer want, decoding into out.
func tbCall(tb testing.TB, method, url, token string, body, out any, want int) {
	tb.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		tb.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			tb.Fatal(err)
		}
	}
}
