package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func durations(msList ...int) []time.Duration {
	out := make([]time.Duration, len(msList))
	for i, m := range msList {
		out[i] = time.Duration(m) * time.Millisecond
	}
	return out
}

func TestPercentileNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{
		{50, 50 * time.Millisecond},
		{95, 95 * time.Millisecond},
		{99, 99 * time.Millisecond},
		{100, 100 * time.Millisecond},
		{0.1, 1 * time.Millisecond},
	} {
		if got := percentile(ds, tc.p); got != tc.want {
			t.Errorf("percentile(1..100 ms, %v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := percentile(durations(7), 99); got != 7*time.Millisecond {
		t.Errorf("one value: got %v", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("no values: got %v", got)
	}
	// Four values: p50 is the 2nd, p95 and p99 the 4th.
	four := durations(10, 20, 30, 40)
	if percentile(four, 50) != 20*time.Millisecond || percentile(four, 95) != 40*time.Millisecond {
		t.Errorf("four values: p50 %v p95 %v", percentile(four, 50), percentile(four, 95))
	}
}

func TestSummarizeSortsAndRounds(t *testing.T) {
	l := summarize(durations(30, 10, 20, 40, 50))
	want := Latency{N: 5, P50: 30, P95: 50, P99: 50, Max: 50, Mean: 30}
	if l != want {
		t.Errorf("summarize = %+v, want %+v", l, want)
	}
	if got := summarize([]time.Duration{1500 * time.Microsecond}); got.P50 != 1.5 {
		t.Errorf("1.5 ms reported as %v", got.P50)
	}
	if got := summarize(nil); got != (Latency{}) {
		t.Errorf("empty: %+v", got)
	}
}

func TestFirstAcksKeepsOnePerPhoneInAckOrder(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	acks := []ackEvent{
		{phone: 2, sent: at(0), acked: at(30)},
		{phone: 1, sent: at(5), acked: at(10)},
		{phone: 2, sent: at(40), acked: at(50)}, // a replaced answer: not a new participant
		{phone: 3, sent: at(1), acked: at(20)},
	}
	got := firstAcks(acks)
	if len(got) != 3 || got[0].phone != 1 || got[1].phone != 3 || got[2].phone != 2 || !got[2].acked.Equal(at(30)) {
		t.Fatalf("firstAcks = %+v", got)
	}
}

func TestVoteToScreen(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	ordered := []ackEvent{
		{phone: 1, sent: at(0), acked: at(5)},
		{phone: 2, sent: at(10), acked: at(15)},
		{phone: 3, sent: at(120), acked: at(125)},
		{phone: 4, sent: at(130), acked: at(135)}, // never shown
	}
	frames := []screenObs{
		{at: at(1), responses: 0},
		{at: at(100), responses: 2}, // shows votes 1 and 2
		{at: at(110), responses: 3}, // counts 3 but arrived before vote 3 was sent: not its frame
		{at: at(200), responses: 3},
	}
	lat, unmatched := voteToScreen(ordered, frames)
	want := durations(100, 90, 80)
	if unmatched != 1 || len(lat) != len(want) {
		t.Fatalf("voteToScreen = %v, %d unmatched; want %v, 1", lat, unmatched, want)
	}
	for i := range want {
		if lat[i] != want[i] {
			t.Errorf("vote %d: %v, want %v", i+1, lat[i], want[i])
		}
	}
}

func TestPerConnectionAndRate(t *testing.T) {
	if got := perConnection(10_000, 50_000, 10_000); got != 4 {
		t.Errorf("perConnection = %v, want 4 KiB", got)
	}
	if got := perConnection(1, 2, 0); got != 0 {
		t.Errorf("no connections: %v", got)
	}
	if got := rate(1000, 2*time.Second); got != 500 {
		t.Errorf("rate = %v", got)
	}
}

func TestParseStatus(t *testing.T) {
	m, ok := parseStatus([]byte("Name:\tting\nVmHWM:\t  204800 kB\nVmRSS:\t   102400 kB\n"))
	if !ok || m.RSS != 102400 || m.Peak != 204800 {
		t.Errorf("parseStatus = %+v, %v", m, ok)
	}
	if _, ok := parseStatus([]byte("Name:\tx\n")); ok {
		t.Error("no VmRSS line accepted")
	}
}

func TestEvaluateAndTable(t *testing.T) {
	r := &Report{Scenario: "theatre", Phones: 400, Nodes: []string{"http://127.0.0.1:8080"}}
	r.Connect = ConnectReport{Connected: 400, Percent: 100}
	r.Check = CheckReport{Responses: 400, AckedPhones: 400, Pass: true}
	r.evaluate()
	if !r.Pass {
		t.Fatalf("a clean run fails: %v", r.Failures)
	}
	var out bytes.Buffer
	r.WriteTable(&out)
	if !strings.Contains(out.String(), "PASS  no answer lost or doubled") || !strings.Contains(out.String(), "RESULT: PASS") {
		t.Errorf("table lacks the PASS lines:\n%s", out.String())
	}

	r.Connect = ConnectReport{Connected: 395, Percent: 98.75}
	r.Check = CheckReport{Responses: 396, AckedPhones: 395}
	r.evaluate()
	if r.Pass || len(r.Failures) != 2 {
		t.Fatalf("want two failures, got %v", r.Failures)
	}
	out.Reset()
	r.WriteTable(&out)
	if !strings.Contains(out.String(), "FAIL  no answer lost or doubled: GET /results counts 396 responses, but 395 phones got an ack") {
		t.Errorf("table lacks the FAIL line:\n%s", out.String())
	}
}

func TestLoopbackOnly(t *testing.T) {
	var warn bytes.Buffer
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:8080", "http://127.0.0.2:9,http://127.0.0.3:9"} {
		if _, err := parseNodes(ok, false, &warn); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	if _, err := parseNodes("http://ting.example.org", false, &warn); err == nil {
		t.Error("a remote host was accepted without -allow-remote")
	}
	if _, err := parseNodes("http://10.0.0.5:8080", true, &warn); err != nil || !strings.Contains(warn.String(), "WARNING") {
		t.Errorf("-allow-remote: err %v, warning %q", err, warn.String())
	}
}

func TestMemoryNote(t *testing.T) {
	if n := memoryNote(procMemory{RSS: 13_000, Peak: 13_500}, 1); n != "" {
		t.Errorf("fresh server flagged: %q", n)
	}
	if n := memoryNote(procMemory{RSS: 360_000, Peak: 360_000}, 1); n == "" {
		t.Error("a server holding 350 MiB before the run is not flagged")
	}
	// Two fresh nodes together hold more than one warm one's threshold.
	if n := memoryNote(procMemory{RSS: 2 * 40_000}, 2); n != "" {
		t.Errorf("two fresh nodes flagged: %q", n)
	}
}

func TestParsePIDs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		ok   bool
	}{
		{"", nil, true},
		{"123", []int{123}, true},
		{"123, 456", []int{123, 456}, true},
		{"abc", nil, false},
		{"-5", nil, false},
		{"0", nil, false},
	} {
		got, err := parsePIDs(tc.in)
		if (err == nil) != tc.ok || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("parsePIDs(%q) = %v, %v; want %v (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestPushRate(t *testing.T) {
	if got := pushRate(10_000, 110); got != 90_909 {
		t.Errorf("10000 phones within 110 ms: %v frames/s, want 90909", got)
	}
	if got := pushRate(0, 0); got != 0 {
		t.Errorf("no phones: %v", got)
	}
}

func TestFanoutBetween(t *testing.T) {
	f := fanoutBetween("n", fanoutSample{sum: 1.5, count: 10}, fanoutSample{sum: 1.54, count: 12})
	if f.Broadcasts != 2 || f.TotalMs != 40 || f.MeanMs != 20 {
		t.Errorf("fanoutBetween = %+v, want 2 broadcasts, 40 ms, mean 20 ms", f)
	}
}
