package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is the outcome of one run: printed as a table, and written as
// JSON with -json. Latencies are in milliseconds.
type Report struct {
	Scenario     string    `json:"scenario"`
	Nodes        []string  `json:"nodes"`
	Phones       int       `json:"phones"`
	AnswerWindow string    `json:"answerWindow"`
	Seed         int64     `json:"seed"`
	StartedAt    time.Time `json:"startedAt"`
	Seconds      float64   `json:"seconds"`
	// Incomplete says which phase -duration (or an interrupt) cut short.
	Incomplete string `json:"incomplete,omitempty"`
	// Setup is the error that stopped the run before phones connected.
	Setup string `json:"setupError,omitempty"`

	Connect      ConnectReport `json:"connect"`
	PatchMs      float64       `json:"patchMs"`      // round trip of the PATCH that made the question current
	QuestionPush Latency       `json:"questionPush"` // PATCH sent -> question frame, per phone
	// QuestionPushRate is the question's frames delivered per second: the
	// phones that got it divided by the time the last one took.
	QuestionPushRate float64 `json:"questionPushFramesPerSecond"`
	// QuestionPushByNode is QuestionPush for the phones of each node, in
	// the order of -url, when there are several.
	QuestionPushByNode []Latency `json:"questionPushByNode,omitempty"`
	PushMissed         int       `json:"pushMissed"` // connected phones that never got the question
	ScreenPushMs       *float64  `json:"screenPushMs,omitempty"`
	// ServerFanout is each node's own time for the broadcasts of the push,
	// from its /metrics.
	ServerFanout []FanoutReport `json:"serverFanout,omitempty"`

	Answers      AnswerReport `json:"answers"`
	VoteToScreen Latency      `json:"voteToScreen"`
	// VotesNotOnScreen are acked answers no results frame ever counted.
	VotesNotOnScreen    int   `json:"votesNotOnScreen"`
	ScreenResultsFrames int   `json:"screenResultsFrames"`
	ScreenParticipants  int64 `json:"screenParticipants"`

	Errors      map[string]int `json:"errors,omitempty"` // error frames by code
	Dropped     int            `json:"dropped"`          // connections the server ended
	DropReasons map[string]int `json:"dropReasons,omitempty"`
	BadFrames   int            `json:"badFrames,omitempty"`
	Churn       *ChurnReport   `json:"churn,omitempty"`

	Frames          int64   `json:"frames"`
	FramesPerSecond float64 `json:"framesPerSecond"`

	Server       *ServerMemory `json:"server,omitempty"`
	ClientRSSKiB int64         `json:"loadtestRssKiB"`

	Check    CheckReport `json:"check"`
	Pass     bool        `json:"pass"`
	Failures []string    `json:"failures,omitempty"`
}

// ConnectReport is how the phones got in.
type ConnectReport struct {
	TargetRate   float64        `json:"targetRate"`
	AchievedRate float64        `json:"achievedRate"` // connected phones per second of the connect phase
	Connected    int            `json:"connected"`
	Percent      float64        `json:"percent"`
	Seconds      float64        `json:"seconds"`
	Failures     map[string]int `json:"failures,omitempty"`
	Join         Latency        `json:"join"` // dial to welcome
}

// AnswerReport counts answers and their acks.
type AnswerReport struct {
	Sent        int     `json:"sent"`
	Acks        int     `json:"acks"`
	AckedPhones int     `json:"ackedPhones"` // distinct phones with at least one ack
	Unacked     int     `json:"unackedPhones"`
	AckLatency  Latency `json:"ackLatency"` // answer sent -> ack
}

// ChurnReport counts the churn scenario's rejoins.
type ChurnReport struct {
	Reconnects  int `json:"reconnects"`
	NewIdentity int `json:"newIdentity"` // rejoins that came back as another participant
}

// ServerMemory is the server's resident memory around the connect phase.
type ServerMemory struct {
	PIDs            []int   `json:"pids"` // the nodes' processes; the figures are their sum
	BeforeKiB       int64   `json:"beforeKiB"`
	ConnectedKiB    int64   `json:"connectedKiB"`
	EndKiB          int64   `json:"endKiB"`
	PeakKiB         int64   `json:"peakKiB"`
	PerConnKiB      float64 `json:"perConnectionKiB"`
	ConnectedPhones int     `json:"connectedPhones"`
	// Note warns when the figure per connection cannot be trusted.
	Note string `json:"note,omitempty"`
}

// warmServerKiB is the resident size above which a server has clearly
// served before: Go keeps memory it freed and reuses it without growing.
const warmServerKiB = 64 << 10

// memoryNote explains a per-connection figure that RSS cannot give on a
// server that already held much memory before the phones came.
func memoryNote(before procMemory, processes int) string {
	if before.RSS > warmServerKiB*int64(max(processes, 1)) {
		return fmt.Sprintf("the server already held %s before the phones connected; it reuses memory it freed without growing, so this figure may be too low: measure on a freshly started server",
			kib(before.RSS))
	}
	return ""
}

// CheckReport compares the server's stored responses with the acks.
type CheckReport struct {
	Responses   int64  `json:"responses"`
	AckedPhones int    `json:"ackedPhones"`
	Pass        bool   `json:"pass"`
	Error       string `json:"error,omitempty"`
}

// Latency summarises durations, in milliseconds.
type Latency struct {
	N    int     `json:"n"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted: the smallest value that at least p% of the values do not exceed.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// summarize sorts ds in place and returns its percentiles.
func summarize(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return Latency{
		N:    len(ds),
		P50:  ms(percentile(ds, 50)),
		P95:  ms(percentile(ds, 95)),
		P99:  ms(percentile(ds, 99)),
		Max:  ms(ds[len(ds)-1]),
		Mean: ms(sum / time.Duration(len(ds))),
	}
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Microsecond)) / 1000 }

// firstAcks keeps each phone's first ack, ordered by the time the ack
// arrived: the k-th of them is the k-th participant the server counted
// (approximately: the order acks arrive in is close to the order of storing).
func firstAcks(acks []ackEvent) []ackEvent {
	seen := make(map[int]bool, len(acks))
	out := make([]ackEvent, 0, len(acks))
	for _, a := range acks {
		if !seen[a.phone] {
			seen[a.phone] = true
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].acked.Before(out[j].acked) })
	return out
}

// voteToScreen pairs the k-th acked answer (firstAcks order) with the first
// results frame on the screen that counts at least k responses and arrived
// after that answer was sent, and returns send -> frame for each; unmatched
// counts answers no frame ever reflected. frames are in arrival order.
func voteToScreen(ordered []ackEvent, frames []screenObs) (lat []time.Duration, unmatched int) {
	lat = make([]time.Duration, 0, len(ordered))
	start := 0 // the first frame with responses >= k never moves back as k grows
	for i, a := range ordered {
		k := int64(i + 1)
		for start < len(frames) && frames[start].responses < k {
			start++
		}
		found := false
		for j := start; j < len(frames); j++ {
			if frames[j].responses >= k && !frames[j].at.Before(a.sent) {
				lat = append(lat, frames[j].at.Sub(a.sent))
				found = true
				break
			}
		}
		if !found {
			unmatched++
		}
	}
	return lat, unmatched
}

// perConnection is the memory growth per connection in KiB.
func perConnection(beforeKiB, afterKiB int64, conns int) float64 {
	if conns <= 0 {
		return 0
	}
	return math.Round(float64(afterKiB-beforeKiB)/float64(conns)*100) / 100
}

// rate is n per second of d.
func rate(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return math.Round(float64(n)/d.Seconds()*10) / 10
}

// evaluate decides whether the run passed and says why not.
func (r *Report) evaluate() {
	r.Failures = nil
	if r.Setup != "" {
		r.Failures = append(r.Failures, "setup failed: "+r.Setup)
	}
	if r.Connect.Percent < minConnectedPercent {
		r.Failures = append(r.Failures, fmt.Sprintf("only %d of %d phones connected (%.1f%%, need %.0f%%)",
			r.Connect.Connected, r.Phones, r.Connect.Percent, minConnectedPercent))
	}
	if r.Setup == "" && !r.Check.Pass {
		if r.Check.Error != "" {
			r.Failures = append(r.Failures, "results check: "+r.Check.Error)
		} else {
			r.Failures = append(r.Failures, fmt.Sprintf("answers lost or doubled: the server counts %d responses, %d phones got an ack",
				r.Check.Responses, r.Check.AckedPhones))
		}
	}
	if r.Churn != nil && r.Churn.NewIdentity > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("%d rejoins with a token came back as a new participant", r.Churn.NewIdentity))
	}
	if r.Incomplete != "" {
		r.Failures = append(r.Failures, "incomplete: "+r.Incomplete)
	}
	r.Pass = len(r.Failures) == 0
}

// WriteJSONFile writes the report as indented JSON.
func (r *Report) WriteJSONFile(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// WriteTable prints the report for a person.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "\nTing load test: %s, %d phones, %d node(s) %s, answer window %s, %.1f s\n",
		r.Scenario, r.Phones, len(r.Nodes), strings.Join(r.Nodes, ","), r.AnswerWindow, r.Seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, format string, a ...any) { fmt.Fprintf(tw, "  %s\t%s\n", k, fmt.Sprintf(format, a...)) }
	if r.Setup != "" {
		row("setup", "FAILED: %s", r.Setup)
	}
	if r.Setup != "" && r.Connect.Connected == 0 {
		_ = tw.Flush()
		r.writeVerdict(w)
		return
	}
	c := r.Connect
	row("connect rate", "%.1f /s achieved (target %.0f /s, %.1f s)", c.AchievedRate, c.TargetRate, c.Seconds)
	row("phones connected", "%d / %d (%.1f%%)%s", c.Connected, r.Phones, c.Percent, countsSuffix(c.Failures))
	row("join (dial -> welcome)", "%s", lat(c.Join))
	row("question push", "%s  (%d phones; %d missed; PATCH %.1f ms)", lat(r.QuestionPush), r.QuestionPush.N, r.PushMissed, r.PatchMs)
	if r.QuestionPushRate > 0 {
		row("question push rate", "%.0f frames/s (%d phones within %.1f ms)", r.QuestionPushRate, r.QuestionPush.N, r.QuestionPush.Max)
	}
	for i, l := range r.QuestionPushByNode {
		row(fmt.Sprintf("  push via node %d", i+1), "%s  (%d phones)", lat(l), l.N)
	}
	for i, f := range r.ServerFanout {
		k := "server fan-out"
		if len(r.ServerFanout) > 1 {
			k = fmt.Sprintf("server fan-out, node %d", i+1)
		}
		if f.Error != "" {
			row(k, "unknown: %s", f.Error)
		} else {
			row(k, "%.1f ms in %d broadcasts (sum of %s: each until its last copy is with the kernel)", f.TotalMs, f.Broadcasts, fanoutMetric)
		}
	}
	if r.ScreenPushMs != nil {
		row("question on screen", "%.1f ms after PATCH", *r.ScreenPushMs)
	}
	a := r.Answers
	row("answer -> ack", "%s", lat(a.AckLatency))
	row("vote -> screen", "%s  (%d results frames; %d votes never shown)", lat(r.VoteToScreen), r.ScreenResultsFrames, r.VotesNotOnScreen)
	row("acks", "%d acks for %d answers sent; %d phones acked, %d connected phones without ack", a.Acks, a.Sent, a.AckedPhones, a.Unacked)
	row("error frames", "%s", counts(r.Errors))
	row("dropped connections", "%d%s", r.Dropped, countsSuffix(r.DropReasons))
	if r.Churn != nil {
		row("churn", "%d rejoins with token, %d came back as a new participant", r.Churn.Reconnects, r.Churn.NewIdentity)
	}
	row("frames received", "%d (%.1f /s)", r.Frames, r.FramesPerSecond)
	row("screen participants", "%d", r.ScreenParticipants)
	if m := r.Server; m != nil {
		row("server RSS (pid "+joinInts(m.PIDs)+")", "%s before phones, %s with %d phones idle, %s at end, peak %s",
			kib(m.BeforeKiB), kib(m.ConnectedKiB), m.ConnectedPhones, kib(m.EndKiB), kib(m.PeakKiB))
		row("server RSS per connection", "%.1f KiB", m.PerConnKiB)
		if m.Note != "" {
			row("", "note: %s", m.Note)
		}
	}
	row("loadtest RSS", "%s", kib(r.ClientRSSKiB))
	if r.Incomplete != "" {
		row("incomplete", "%s", r.Incomplete)
	}
	_ = tw.Flush()
	r.writeVerdict(w)
}

// writeVerdict prints the answer check and the overall result.
func (r *Report) writeVerdict(w io.Writer) {
	ck := r.Check
	switch {
	case ck.Error != "":
		fmt.Fprintf(w, "FAIL  no answer lost or doubled: could not check: %s\n", ck.Error)
	case ck.Pass:
		fmt.Fprintf(w, "PASS  no answer lost or doubled: GET /results counts %d responses = %d phones acked\n", ck.Responses, ck.AckedPhones)
	default:
		fmt.Fprintf(w, "FAIL  no answer lost or doubled: GET /results counts %d responses, but %d phones got an ack\n", ck.Responses, ck.AckedPhones)
	}
	if r.Pass {
		fmt.Fprintln(w, "RESULT: PASS")
		return
	}
	fmt.Fprintln(w, "RESULT: FAIL")
	for _, f := range r.Failures {
		fmt.Fprintln(w, "  -", f)
	}
}

func lat(l Latency) string {
	if l.N == 0 {
		return "no samples"
	}
	return fmt.Sprintf("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms", l.P50, l.P95, l.P99, l.Max)
}

// joinInts prints 1,2,3.
func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ",")
}

// pushRate is frames per second of a push that reached n phones, the last
// after maxMs milliseconds.
func pushRate(n int, maxMs float64) float64 {
	if n == 0 || maxMs <= 0 {
		return 0
	}
	return math.Round(float64(n) / (maxMs / 1000))
}

func kib(k int64) string { return fmt.Sprintf("%.1f MiB", float64(k)/1024) }

// counts prints a map of counts as "a: 1, b: 2" in key order, or "none".
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func countsSuffix(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	return "  (" + counts(m) + ")"
}
