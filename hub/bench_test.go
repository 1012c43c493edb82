package hub_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ting-live/ting/hub"
)

// resultsFrame is about the size of a word-cloud results frame.
var resultsFrame = []byte(`{"type":"results","questionId":"5f0c","questionType":"wordcloud","responses":400,"words":[` +
	strings.Repeat(`{"text":"samarbete","count":42},`, 30) + `{"text":"fika","count":1}]}`)

// BenchmarkBroadcast measures one push to a room: frame once, then send to
// every member. Each member's socket is /dev/null, so each frame is written
// at once by a system call that costs next to nothing: what is measured is
// the hub's own cost per member.
func BenchmarkBroadcast(b *testing.B) {
	for _, n := range []int{100, 400, 10_000} {
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			reg := prometheus.NewRegistry()
			h := newHub(b, hub.Config{Metrics: hub.NewMetrics(reg)})
			fakes := make([]*fakeTransport, n)
			for i := range fakes {
				fakes[i] = newNullFake(b)
				serveFake(h, "room", hub.Phones, fakes[i])
			}
			b.Cleanup(func() {
				for _, f := range fakes {
					f.Close()
				}
			})
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if got := h.Broadcast("room", hub.Everyone, resultsFrame); got != n {
					b.Fatalf("sent to %d of %d", got, n)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "frames/s")
			// Every copy was written before Broadcast returned.
			if got := fanouts(b, reg); got != uint64(b.N) {
				b.Fatalf("%d fan-outs complete of %d", got, b.N)
			}
		})
	}
}

// BenchmarkBroadcastQueued is BenchmarkBroadcast when no member's socket
// takes a frame at once (a transport without a descriptor): every frame is
// queued and written by a writer goroutine of its member, the path of
// phones whose network is slow.
func BenchmarkBroadcastQueued(b *testing.B) {
	for _, n := range []int{100, 400, 10_000} {
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			h := newHub(b, hub.Config{})
			var pending atomic.Int64
			done := make(chan struct{}, 1)
			onWrite := func() {
				if pending.Add(-1) == 0 {
					done <- struct{}{}
				}
			}
			fakes := make([]*fakeTransport, n)
			for i := range fakes {
				f := newFake()
				f.onWrite = onWrite
				fakes[i] = f
				serveFake(h, "room", hub.Phones, f)
			}
			b.Cleanup(func() {
				for _, f := range fakes {
					f.Close()
				}
			})
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				pending.Store(int64(n))
				if got := h.Broadcast("room", hub.Everyone, resultsFrame); got != n {
					b.Fatalf("queued to %d of %d", got, n)
				}
				<-done
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "frames/s")
		})
	}
}

// BenchmarkBroadcastLoopback measures one push to real WebSocket clients
// over loopback, until every client has read it.
func BenchmarkBroadcastLoopback(b *testing.B) {
	for _, n := range []int{100, 400, 2_000} {
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			h := newHub(b, hub.Config{SendQueue: 64})
			srv := wsServer(b, h)
			var pending atomic.Int64
			done := make(chan struct{}, 1)
			clients := make([]*websocket.Conn, n)
			for i := range clients {
				c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/?room=room", nil)
				if err != nil {
					b.Fatalf("dial %d: %v", i, err)
				}
				clients[i] = c
				if err := c.WriteMessage(websocket.TextMessage, []byte("join")); err != nil {
					b.Fatal(err)
				}
				go func() {
					for {
						if _, _, err := c.ReadMessage(); err != nil {
							return
						}
						if pending.Add(-1) == 0 {
							done <- struct{}{}
						}
					}
				}()
			}
			deadline := time.Now().Add(10 * time.Second)
			for h.Count("room", hub.Everyone) < n {
				if time.Now().After(deadline) {
					b.Fatalf("only %d of %d joined", h.Count("room", hub.Everyone), n)
				}
				time.Sleep(time.Millisecond)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				pending.Store(int64(n))
				h.Broadcast("room", hub.Everyone, resultsFrame)
				<-done
			}
			b.StopTimer()
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "frames/s")
			for _, c := range clients {
				c.Close()
			}
		})
	}
}
