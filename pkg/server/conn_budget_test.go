package server_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/pkg/server"
)

// Sockets that neither join nor present are closed after the join wait;
// a joined phone and a presented screen stay.
func TestIdleSocketsAreClosed(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNodeWith(t, engine, newPrefix(t), func(c *server.Config) { c.Hub.JoinWait = 300 * time.Millisecond })
			f := newSession(t, n)
			wc := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 3})
			f.state(map[string]any{"questionId": wc})
			phone := dial(t, n)
			phone.join(f.s.Code, "")
			screen := dial(t, n)
			screen.send(map[string]any{"type": "present", "sessionId": f.s.ID, "token": f.s.FacilitatorToken})
			screen.next("participants", nil)

			const idle = 50
			socks := make([]*client, idle)
			for i := range socks {
				socks[i] = dial(t, n)
			}
			socks[0].send(map[string]any{"type": "join", "code": "99999999"}) // a failed join is no join
			start := time.Now()
			closed := 0
			for _, s := range socks {
				_ = s.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
				for {
					if _, _, err := s.ws.ReadMessage(); err != nil {
						var ce *websocket.CloseError
						if !errors.As(err, &ce) || ce.Code != 4001 {
							t.Fatalf("idle socket: %v, want close 4001", err)
						}
						closed++
						break
					}
				}
			}
			t.Logf("%s: %d idle sockets closed within %v (join wait 300ms)", engine, closed, since(start))
			if a := phone.answer("after", wc, []string{"Kaffe"}); a["type"] != "ack" {
				t.Fatalf("joined phone after the join wait: %v", a)
			}
			screen.send(map[string]any{"type": "ping", "ref": "p"})
			screen.next("pong", nil)
		})
	}
}

// One address may hold ConnsPerAddress sockets, the node MaxConns; past
// them the upgrade answers 429 or 503, and a closed socket gives its
// place back.
func TestConnectionCaps(t *testing.T) {
	n := startNodeWith(t, "embedded", "", func(c *server.Config) { c.ConnsPerAddress, c.MaxConns = 5, 8 })
	f := newSession(t, n)
	var held []*client
	for range 5 {
		held = append(held, mustDialFrom(t, n, "203.0.113.7"))
	}
	_, err := dialFrom(t, n, "203.0.113.7")
	var de *dialError
	if !errors.As(err, &de) || de.status != http.StatusTooManyRequests {
		t.Fatalf("a sixth socket from one address: %v, want 429", err)
	}
	for i := range 3 {
		held = append(held, mustDialFrom(t, n, fmt.Sprintf("198.51.100.%d", i)))
	}
	if _, err := dialFrom(t, n, "192.0.2.1"); !errors.As(err, &de) || de.status != http.StatusServiceUnavailable {
		t.Fatalf("a socket past the node's cap: %v, want 503", err)
	}
	held[0].ws.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := dialFrom(t, n, "192.0.2.1")
		if err == nil {
			c.join(f.s.Code, "")
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed socket did not give its place back: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if w := held[1].join(f.s.Code, ""); w["token"] == "" {
		t.Fatalf("a held socket: %v", w)
	}
}

// Binary frames and pings count against the limit like text frames: a
// flood of them gets rate_limited (and no pongs past the limit) while a
// calm phone's answers are acknowledged.
func TestBinaryFramesAndPingsAreLimited(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNode(t, engine, newPrefix(t))
			f := newSession(t, n)
			wc := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 3})
			f.state(map[string]any{"questionId": wc})
			hostile, calm := dial(t, n), dial(t, n)
			hostile.join(f.s.Code, "")
			calm.join(f.s.Code, "")

			pongs := make(chan struct{}, 4000)
			hostile.ws.SetPongHandler(func(string) error { pongs <- struct{}{}; return nil })
			codes := map[string]int{}
			done := make(chan struct{})
			go func() {
				defer close(done)
				_ = hostile.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
				for {
					var m map[string]any
					if hostile.ws.ReadJSON(&m) != nil {
						return
					}
					if m["type"] == "error" {
						codes[m["code"].(string)]++
					}
					if m["ref"] == "last" || m["type"] == "pong" { // the marker, limited or answered
						return
					}
				}
			}()
			const frames = 2000
			payload := make([]byte, 16<<10-1)
			start := time.Now()
			for i := range frames {
				if err := hostile.ws.WriteMessage(websocket.BinaryMessage, payload); err != nil {
					t.Fatalf("binary frame %d: %v", i, err)
				}
				if err := hostile.ws.WriteControl(websocket.PingMessage, []byte("x"), time.Now().Add(time.Second)); err != nil {
					t.Fatalf("ping %d: %v", i, err)
				}
			}
			flood := since(start)
			for i, w := range []string{"Kaffe", "Tillit"} {
				if a := calm.answer(fmt.Sprint("c", i), wc, []string{w}); a["type"] != "ack" {
					t.Fatalf("calm phone during the flood: %v", a)
				}
			}
			hostile.send(map[string]any{"type": "ping", "ref": "last"})
			<-done
			t.Logf("%s: %d binary frames of 16 KB and %d pings sent in %v: errors %v, %d pongs", engine, frames, frames, flood, codes, len(pongs))
			if codes["rate_limited"] < frames-100 || len(pongs) > 100 {
				t.Fatalf("errors %v and %d pongs for %d binary frames and pings, want most rate limited and few pongs", codes, len(pongs), frames)
			}
		})
	}
}

// A REST body dripped a byte at a time is cut off at the read timeout,
// while other requests are served and a WebSocket older than the timeout
// keeps working.
func TestDrippedBodyIsCut(t *testing.T) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			n := startNodeWith(t, engine, newPrefix(t), func(c *server.Config) { c.ReadTimeout = time.Second })
			f := newSession(t, n)
			wc := f.question(map[string]any{"type": "wordcloud", "prompt": "Ett ord?", "maxEntries": 3})
			f.state(map[string]any{"questionId": wc})
			phone := dial(t, n)
			phone.join(f.s.Code, "")

			conn, err := net.Dial("tcp", strings.TrimPrefix(n.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			body := `{"title":"` + strings.Repeat("x", 200) + `"}`
			fmt.Fprintf(conn, "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
			start := time.Now()
			cut := make(chan time.Duration, 1)
			go func() {
				_, _ = io.Copy(io.Discard, bufio.NewReader(conn)) // ends when the server closes
				cut <- time.Since(start)
			}()
			var took time.Duration
		drip:
			for i := 0; i < len(body); i++ {
				if _, err := conn.Write([]byte{body[i]}); err != nil {
					break
				}
				select {
				case took = <-cut:
					break drip
				case <-time.After(100 * time.Millisecond):
				}
				if i%5 == 0 { // others are served meanwhile
					if code := call(t, "GET", f.url(""), f.s.FacilitatorToken, nil, nil); code != 200 {
						t.Fatalf("a request while a body drips: %d", code)
					}
				}
			}
			if took == 0 {
				select {
				case took = <-cut:
				case <-time.After(3 * time.Second):
					t.Fatal("a dripped body was still read after the whole body")
				}
			}
			t.Logf("%s: a body dripped a byte per 100 ms was cut after %v (read timeout 1s)", engine, took.Round(10*time.Millisecond))
			if took > 3*time.Second {
				t.Fatalf("dripped body cut after %v, want about the 1s read timeout", took)
			}
			if a := phone.answer("late", wc, []string{"Kaffe"}); a["type"] != "ack" {
				t.Fatalf("a WebSocket older than the read timeout: %v", a)
			}
		})
	}
}

// With MetricsAddr set, /metrics is served there and not on the public address.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	n := startNodeWith(t, "embedded", "", func(c *server.Config) { c.MetricsAddr = "127.0.0.1:0" })
	resp, err := http.Get(n.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("/metrics on the public address: %d, want 404", resp.StatusCode)
	}
	resp, err = http.Get("http://" + n.srv.MetricsAddr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "ting_hub_connections") || !strings.Contains(string(body), "ting_hub_nojoin_closed_total") {
		t.Fatalf("/metrics on the metrics address: %d %.200s", resp.StatusCode, body)
	}
	if code := call(t, "GET", n.URL+"/healthz", "", nil, nil); code != 200 {
		t.Fatalf("/healthz: %d", code)
	}
}
