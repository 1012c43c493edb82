package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/server"
)

// adminKey is the organisation owner's key (TING_ADMIN_KEY) of every test
// node: the credential the tests create sessions with.
const adminKey = "test-owner-key-of-the-organisation"

// withAdminKey gives a test node's configuration the owner key.
func withAdminKey(cfg server.Config) server.Config {
	if cfg.AdminKey == "" {
		cfg.AdminKey = adminKey
	}
	return cfg
}

// engines lists the engines every behaviour test runs against.
var engines = []string{"embedded", "redis"}

// node is one running Ting.
type node struct {
	URL    string
	srv    *server.Server
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// startNode runs a node on a free loopback port. Nodes given the same
// prefix share one Redis keyspace, like nodes behind one load balancer.
func startNode(t *testing.T, engine, prefix string) *node {
	t.Helper()
	return startNodeWith(t, engine, prefix, nil)
}

// startNodeWith is startNode with a change to the node's configuration.
func startNodeWith(t *testing.T, engine, prefix string, change func(*server.Config)) *node {
	t.Helper()
	return startNodeAt(t, engine, prefix, "127.0.0.1:0", change)
}

// startNodeAt is startNodeWith listening on addr.
func startNodeAt(t *testing.T, engine, prefix, addr string, change func(*server.Config)) *node {
	t.Helper()
	cfg := server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if change != nil {
		change(&cfg)
	}
	switch engine {
	case "redis":
		cfg.RedisURL = testutil.RedisURL(t)
		cfg.RedisPrefix = prefix
	case "cluster": // a Redis Cluster the tests start (prefix from testutil.RedisPrefix of its URL)
		cfg.RedisURL = testutil.RedisClusterURL(t)
		cfg.RedisPrefix = prefix
	}
	srv, err := server.New(withAdminKey(cfg))
	if err != nil {
		t.Fatalf("start %s node: %v", engine, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := &node{URL: "http://" + ln.Addr().String(), srv: srv, cancel: cancel, done: make(chan error, 1)}
	go func() { n.done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() { n.stop(t) })
	return n
}

// stop shuts the node down gracefully; a second call does nothing.
func (n *node) stop(t *testing.T) {
	t.Helper()
	n.once.Do(func() {
		n.cancel()
		select {
		case <-n.done:
		case <-time.After(10 * time.Second):
			t.Error("node did not stop")
		}
	})
}

// newPrefix returns a Redis key prefix of one test and removes its keys afterwards.
func newPrefix(t *testing.T) string {
	t.Helper()
	return testutil.RedisPrefix(t, "")
}

// call makes a REST request and decodes a JSON answer into out (if non-nil).
func call(t *testing.T, method, url, token string, body any, out any) int {
	t.Helper()
	return callWith(t, method, url, token, nil, body, out)
}

// callWith is call with extra request headers.
func callWith(t *testing.T, method, url, token string, headers map[string]string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, url, data, err)
		}
	}
	return resp.StatusCode
}

type created struct {
	ID, Code, FacilitatorToken, JoinURL, PresentURL string
}

// facilitator drives one session over REST.
type facilitator struct {
	t    *testing.T
	base string
	s    created
}

func newSession(t *testing.T, n *node) *facilitator {
	t.Helper()
	f := &facilitator{t: t, base: n.URL}
	if code := call(t, "POST", n.URL+"/api/v1/sessions", adminKey, map[string]string{"title": "Medarbetarskap", "language": "sv"}, &f.s); code != 201 {
		t.Fatalf("create session: %d", code)
	}
	return f
}

func (f *facilitator) on(n *node) *facilitator {
	g := *f
	g.base = n.URL
	return &g
}

func (f *facilitator) url(path string) string { return f.base + "/api/v1/sessions/" + f.s.ID + path }

func (f *facilitator) question(body map[string]any) string {
	f.t.Helper()
	var q struct{ ID string }
	if code := call(f.t, "POST", f.url("/questions"), f.s.FacilitatorToken, body, &q); code != 201 {
		f.t.Fatalf("add question: %d", code)
	}
	return q.ID
}

func (f *facilitator) state(patch map[string]any) {
	f.t.Helper()
	if code := call(f.t, "PATCH", f.url("/state"), f.s.FacilitatorToken, patch, nil); code != 200 {
		f.t.Fatalf("patch state %v: %d", patch, code)
	}
}

func (f *facilitator) results() map[string]any {
	f.t.Helper()
	var r struct{ Questions []map[string]any }
	if code := call(f.t, "GET", f.url("/results"), f.s.FacilitatorToken, nil, &r); code != 200 {
		f.t.Fatalf("results: %d", code)
	}
	out := map[string]any{}
	for _, q := range r.Questions {
		out[q["id"].(string)] = q
	}
	return out
}

// client is a phone or big screen on the WebSocket.
type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func dial(t *testing.T, n *node) *client {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(n.URL, "http")+"/ws", nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &client{t: t, ws: ws}
}

func (c *client) send(v any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// next reads frames until one of type typ for which match (if given) holds.
func (c *client) next(typ string, match func(map[string]any) bool) map[string]any {
	c.t.Helper()
	return c.until("a "+typ+" frame", func(m map[string]any) bool {
		return m["type"] == typ && (match == nil || match(m))
	})
}

// until reads frames until one satisfies ok, for at most five seconds.
func (c *client) until(what string, ok func(map[string]any) bool) map[string]any {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_ = c.ws.SetReadDeadline(deadline)
		var m map[string]any
		if err := c.ws.ReadJSON(&m); err != nil {
			c.t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok(m) {
			return m
		}
	}
}

func (c *client) join(code, token string) (welcome map[string]any) {
	c.t.Helper()
	c.send(map[string]any{"type": "join", "code": code, "token": token})
	return c.next("welcome", nil)
}

func (c *client) answer(ref, qid string, value any) map[string]any {
	c.t.Helper()
	c.send(map[string]any{"type": "answer", "ref": ref, "questionId": qid, "value": value})
	return c.next2("ack", "error", ref)
}

// next2 waits for a frame of either type carrying ref.
func (c *client) next2(a, b, ref string) map[string]any {
	c.t.Helper()
	return c.until(a+"/"+b+" "+ref, func(m map[string]any) bool {
		return (m["type"] == a || m["type"] == b) && m["ref"] == ref
	})
}

func wordsOf(m map[string]any) map[string]float64 {
	out := map[string]float64{}
	ws, _ := m["words"].([]any)
	for _, w := range ws {
		wm := w.(map[string]any)
		out[wm["text"].(string)] = wm["count"].(float64)
	}
	return out
}

// joinPhones joins k phones to the session with code on n.
func joinPhones(t *testing.T, n *node, code string, k int) []*client {
	t.Helper()
	phones := make([]*client, k)
	for i := range phones {
		phones[i] = dial(t, n)
		phones[i].join(code, "")
	}
	return phones
}

// ask makes qid current and has every phone answer value(i), acknowledged.
func (f *facilitator) ask(phones []*client, qid string, value func(i int) any) {
	f.t.Helper()
	f.state(map[string]any{"questionId": qid})
	for i, p := range phones {
		p.next("question", func(m map[string]any) bool {
			q, _ := m["question"].(map[string]any)
			return q != nil && q["id"] == qid
		})
		if r := p.answer(fmt.Sprint(qid, i), qid, value(i)); r["type"] != "ack" {
			f.t.Fatalf("answer %d: %v", i, r)
		}
	}
}

// newFacilitatorKey adds a facilitator with the owner key and returns its API key.
func newFacilitatorKey(t *testing.T, n *node, email, role string) string {
	t.Helper()
	var f struct{ APIKey string }
	if code := call(t, "POST", n.URL+"/api/v1/facilitators", adminKey, map[string]string{"email": email, "name": email, "role": role}, &f); code != 201 || f.APIKey == "" {
		t.Fatalf("create facilitator %s: %d", email, code)
	}
	return f.APIKey
}
