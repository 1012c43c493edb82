package hub

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the hub's Prometheus measurements.
type Metrics struct {
	Connections prometheus.Gauge
	Rooms       prometheus.Gauge
	Frames      prometheus.Counter
	Pushes      prometheus.Counter
	PushLatency prometheus.Histogram
	Fanout      prometheus.Histogram
	SlowDropped prometheus.Counter
	TooLarge    prometheus.Counter
	// NoJoinClosed counts connections closed for joining no room in time.
	NoJoinClosed prometheus.Counter
}

// NewMetrics creates the hub's metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Connections: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ting_hub_connections", Help: "Open WebSocket connections on this node.",
		}),
		Rooms: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ting_hub_rooms", Help: "Sessions with at least one connection on this node.",
		}),
		Frames: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ting_hub_frames_total", Help: "Frames of broadcasts sent to connections: written at once or queued for a writer.",
		}),
		Pushes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ting_hub_pushes_total", Help: "Coalesced room refreshes (results pushes).",
		}),
		PushLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ting_hub_push_latency_seconds",
			Help:    "Time from the first change of a room to its refresh being queued to every member.",
			Buckets: []float64{.005, .01, .025, .05, .1, .15, .25, .5, 1, 2.5},
		}),
		Fanout: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ting_hub_fanout_seconds",
			Help:    "Time from a broadcast to the last of its members' writers handing it to the kernel (or giving up on a dropped member).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		SlowDropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ting_hub_slow_dropped_total", Help: "Connections dropped because their send queue was full.",
		}),
		TooLarge: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ting_hub_too_large_total", Help: "Frames refused for their size.",
		}),
		NoJoinClosed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ting_hub_nojoin_closed_total", Help: "Connections closed for joining or presenting nothing within the join wait.",
		}),
	}
	if reg != nil {
		reg.MustRegister(m.Connections, m.Rooms, m.Frames, m.Pushes, m.PushLatency, m.Fanout, m.SlowDropped, m.TooLarge, m.NoJoinClosed)
	}
	return m
}

func nopMetrics() *Metrics { return NewMetrics(nil) }
