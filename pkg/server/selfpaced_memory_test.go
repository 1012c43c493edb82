package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/pkg/poll"
	"github.com/ting-live/ting/pkg/server"
)

// startSmallBufferNode is startNode (embedded) whose sockets have a small
// kernel send buffer, as over a slow mobile link: what a phone has not
// read stays in the node's memory, where it can be measured.
func startSmallBufferNode(t *testing.T) *node {
	t.Helper()
	srv, err := server.New(withAdminKey(server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := &node{URL: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { n.done <- srv.Serve(ctx, smallBuffers{ln}) }()
	t.Cleanup(func() { n.stop(t) })
	return n
}

type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// TestSelfPacedJoinsShareQuestions: phones that join a self-paced session
// of many large questions and never read share one questions frame: 100 of
// them hold about one frame's worth of memory, not 100.
func TestSelfPacedJoinsShareQuestions(t *testing.T) {
	n := startSmallBufferNode(t)
	f := createSession(t, n, map[string]any{"pace": "audience"})
	opts := make([]string, poll.MaxOptions)
	for i := range opts {
		opts[i] = fmt.Sprintf("%02d ", i) + strings.Repeat("å", poll.MaxOptionLen-3)
	}
	for i := range poll.MaxQuestions {
		f.question(map[string]any{"type": "choice", "prompt": fmt.Sprintf("Fråga %d", i), "options": opts})
	}

	// One phone that reads shows how large the frame is.
	reader := dial(t, n)
	reader.join(f.s.Code, "")
	_, _, err := reader.ws.ReadMessage() // the question frame
	if err != nil {
		t.Fatal(err)
	}
	_, frame, err := reader.ws.ReadMessage()
	if err != nil || !strings.HasPrefix(string(frame), `{"type":"questions"`) {
		t.Fatalf("questions frame: %v %.60s", err, frame)
	}

	// Phones with a small receive buffer read their welcome and no more.
	dialer := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(4 << 10)
		}
		return c, err
	}, ReadBufferSize: 4 << 10}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse
	}
	before := heap()
	const idle = 100
	for range idle {
		ws, _, err := dialer.Dial("ws"+strings.TrimPrefix(n.URL, "http")+"/ws", nil)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		t.Cleanup(func() { ws.Close() })
		if err := ws.WriteJSON(map[string]any{"type": "join", "code": f.s.Code}); err != nil {
			t.Fatal(err)
		}
		if _, m, err := ws.ReadMessage(); err != nil || !strings.Contains(string(m), `"welcome"`) {
			t.Fatalf("welcome: %v %.60s", err, m)
		}
	}
	// The frames are queued once the joins are handled: wait until the
	// heap stops growing.
	after := heap()
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		now := heap()
		if now <= after+uint64(len(frame))/4 {
			after = max(after, now)
			break
		}
		after = now
	}
	grown := int64(after) - int64(before)
	t.Logf("questions frame %.1f MB; heap after %d idle joins grew %.1f MB (%.1f frames)",
		float64(len(frame))/1e6, idle, float64(grown)/1e6, float64(grown)/float64(len(frame)))
	if grown > 10*int64(len(frame)) {
		t.Fatalf("%d idle phones hold %.1f MB: %.0f questions frames, want them to share one", idle, float64(grown)/1e6, float64(grown)/float64(len(frame)))
	}
}
