package session_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ting-live/ting/hub"
	"github.com/ting-live/ting/internal/testutil"
	"github.com/ting-live/ting/pkg/session"
	"github.com/ting-live/ting/pkg/store"
)

// BenchmarkJoin is one phone's join by code on a fresh connection, from
// the join frame to its welcome, while no join limit is spent: on the
// memory engine (the service's own cost) and on Redis (the cost a phone
// meets on a deployment of nodes). ipv4 and ipv6 are the address the
// phone comes from; withKey adds a link key to the frame.
func BenchmarkJoin(b *testing.B) {
	engines := map[string]func(b *testing.B) (store.Engine, store.Counters){
		"memory": func(*testing.B) (store.Engine, store.Counters) {
			return store.NewMemoryStore().Engine(), store.NewMemoryCounters()
		},
		"redis": func(b *testing.B) (store.Engine, store.Counters) {
			raw := testutil.RedisURL(b)
			rc := store.RedisConfig{Client: testutil.RedisClient(b, raw), Prefix: testutil.RedisPrefix(b, raw)}
			return store.NewRedisStore(rc).Engine(), store.NewRedisCounters(rc)
		},
	}
	for _, engine := range []string{"memory", "redis"} {
		for _, tc := range []struct {
			name, addr string
			key        bool
		}{
			{"ipv4", "203.0.113.50", false},
			{"ipv6", "2001:db8:5:7:a:b:c:d", false},
			{"ipv4/withKey", "203.0.113.50", true},
		} {
			b.Run(engine+"/"+tc.name, func(b *testing.B) {
				st, counters := engines[engine](b)
				benchJoin(b, st, counters, tc.addr, tc.key)
			})
		}
	}
}

func benchJoin(b *testing.B, st store.Engine, counters store.Counters, addr string, withKey bool) {
	ctx := context.Background()
	svc := session.New(session.Config{
		Store: st, Broker: store.NewMemoryBroker(), Counters: counters,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Joins:  session.JoinLimits{NewPerAddress: 1 << 30},
	})
	b.Cleanup(func() { _ = svc.Shutdown(context.Background()) })
	// A new session every 20000 joins keeps each under its participant cap.
	var frame []byte
	newSession := func() {
		created, err := svc.CreateSession(ctx, session.NewSession{Title: "Teater", MaxParticipants: 100000})
		if err != nil {
			b.Fatal(err)
		}
		key := ""
		if withKey {
			key = fmt.Sprintf(`,"key":%q`, created.Session.LinkKey)
		}
		frame = fmt.Appendf(nil, `{"type":"join","code":%q%s}`, created.Session.Code, key)
	}
	newSession()
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if i++; i%20000 == 0 {
			b.StopTimer()
			newSession()
			b.StartTimer()
		}
		ft := newJoinTransport(frame)
		svc.Hub().Serve(ft, svc.NewClient(addr, nil))
		if got := <-ft.answer; !bytes.Contains(got, []byte(`"welcome"`)) {
			b.Fatalf("join %d: %s", i, got)
		}
		_ = ft.Close()
	}
}

// joinTransport is a connection that sends one frame and reports the
// first frame written back that is a welcome or an error.
type joinTransport struct {
	frame  []byte
	sent   bool
	closed chan struct{}
	once   sync.Once
	answer chan []byte
	found  sync.Once
}

var errJoinClosed = errors.New("bench: closed")

func newJoinTransport(frame []byte) *joinTransport {
	return &joinTransport{frame: frame, closed: make(chan struct{}), answer: make(chan []byte, 1)}
}

func (t *joinTransport) ReadMessage() (int, []byte, error) {
	if !t.sent {
		t.sent = true
		return websocket.TextMessage, t.frame, nil
	}
	<-t.closed
	return 0, nil, errJoinClosed
}

func (t *joinTransport) SetReadLimit(int64)                      {}
func (t *joinTransport) SetReadDeadline(time.Time) error         { return nil }
func (t *joinTransport) SetPingHandler(func(string) error)       {}
func (t *joinTransport) SetPongHandler(func(string) error)       {}
func (t *joinTransport) SetCloseHandler(func(int, string) error) {}
func (t *joinTransport) NetConn() net.Conn                       { return joinNetConn{t} }
func (t *joinTransport) Close() error {
	t.once.Do(func() { close(t.closed) })
	return nil
}

type joinNetConn struct{ t *joinTransport }

func (n joinNetConn) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(`"type":"welcome"`)) || bytes.Contains(p, []byte(`"type":"error"`)) {
		n.t.found.Do(func() { n.t.answer <- bytes.Clone(p) })
	}
	return len(p), nil
}

func (n joinNetConn) Read([]byte) (int, error)         { return 0, errJoinClosed }
func (n joinNetConn) Close() error                     { return n.t.Close() }
func (n joinNetConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (n joinNetConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (n joinNetConn) SetDeadline(time.Time) error      { return nil }
func (n joinNetConn) SetReadDeadline(time.Time) error  { return nil }
func (n joinNetConn) SetWriteDeadline(time.Time) error { return nil }

var _ hub.Transport = (*joinTransport)(nil)
