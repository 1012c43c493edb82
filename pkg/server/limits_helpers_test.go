package server_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/internal/testutil"
)

// dialFrom opens a WebSocket as if from addr: the node trusts the
// X-Forwarded-For of a proxy on loopback, which the test is.
func dialFrom(t *testing.T, n *node, addr string) (*client, error) {
	t.Helper()
	h := http.Header{}
	if addr != "" {
		h.Set("X-Forwarded-For", addr)
	}
	ws, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(n.URL, "http")+"/ws", h)
	if err != nil {
		if resp != nil {
			return nil, &dialError{status: resp.StatusCode, err: err}
		}
		return nil, err
	}
	t.Cleanup(func() { ws.Close() })
	return &client{t: t, ws: ws}, nil
}

type dialError struct {
	status int
	err    error
}

func (e *dialError) Error() string { return e.err.Error() }

// mustDialFrom is dialFrom that fails the test on an error.
func mustDialFrom(t *testing.T, n *node, addr string) *client {
	t.Helper()
	c, err := dialFrom(t, n, addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", addr, err)
	}
	return c
}

// tryJoin sends a join and returns the welcome or the error that answers it.
func (c *client) tryJoin(code, token string) map[string]any {
	c.t.Helper()
	c.send(map[string]any{"type": "join", "code": code, "token": token, "ref": "j"})
	return c.until("a welcome or an error", func(m map[string]any) bool {
		return m["type"] == "welcome" || (m["type"] == "error" && m["ref"] == "j")
	})
}

// joinOnce joins on a fresh connection from addr and closes it, as a
// script that reconnects for every try does; it returns the answer. The
// node lets go of a closed socket a moment after it closes: a dial that
// finds the address's socket budget still held by them tries again.
func joinOnce(t *testing.T, n *node, addr, code, token string) map[string]any {
	t.Helper()
	var c *client
	testutil.WaitFor(t, 5*time.Second, "a socket from "+addr, func() bool {
		var err error
		c, err = dialFrom(t, n, addr)
		var de *dialError
		if errors.As(err, &de) && de.status == http.StatusTooManyRequests {
			time.Sleep(20 * time.Millisecond)
			return false
		}
		if err != nil {
			t.Fatalf("dial from %s: %v", addr, err)
		}
		return true
	})
	defer c.ws.Close()
	return c.tryJoin(code, token)
}

// outcome is the code of an error frame, or its type.
func outcome(m map[string]any) string {
	if m["type"] == "error" {
		return m["code"].(string)
	}
	return m["type"].(string)
}

// wrongCode returns a join code that is not code.
func wrongCode(code string, i int) string {
	w := []byte("10000000")
	for j, k := len(w)-1, i; j > 0 && k > 0; j, k = j-1, k/10 {
		w[j] = byte('0' + k%10)
	}
	if string(w) == code {
		w[1] = '9'
	}
	return string(w)
}

// since returns the time since start, rounded for a log line.
func since(start time.Time) time.Duration { return time.Since(start).Round(time.Millisecond) }
