package session

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	answers *prometheus.CounterVec
	joins   prometheus.Counter
	// joinsRefused counts joins refused by a join limit or an unknown code.
	joinsRefused *prometheus.CounterVec
	deleted      prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ting_answers_total",
			Help: "Answers received from phones, by outcome (ok or an error code).",
		}, []string{"result"}),
		joins: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ting_joins_total", Help: "Phones that joined a session.",
		}),
		joinsRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ting_joins_refused_total",
			Help: "Joins refused, by code: unknown_session, rate_limited, session_full, joins_closed.",
		}, []string{"code"}),
		deleted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ting_sessions_deleted_total", Help: "Sessions deleted, by hand or when they expired.",
		}),
	}
	if reg != nil {
		reg.MustRegister(m.answers, m.joins, m.joinsRefused, m.deleted)
	}
	return m
}
