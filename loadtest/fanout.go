package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// fanoutMetric is the hub's histogram of the time from a broadcast to the
// last member's copy handed to the kernel: the server's own share of a push.
const fanoutMetric = "ting_hub_fanout_seconds"

// fanoutSample is one node's fanoutMetric sum and count at one moment.
type fanoutSample struct {
	sum   float64
	count float64
}

// FanoutReport is the server's share of the question push, per node: the
// broadcasts its hub finished between the PATCH and the last phone having
// the question (the question itself, and the screens' participant and
// results frames of that moment) and their mean time.
type FanoutReport struct {
	Node       string  `json:"node"`
	Broadcasts int     `json:"broadcasts"`
	MeanMs     float64 `json:"meanMs"`
	TotalMs    float64 `json:"totalMs"`
	Error      string  `json:"error,omitempty"`
}

// readFanout reads fanoutMetric from a node's /metrics.
func readFanout(ctx context.Context, client *http.Client, node *url.URL) (fanoutSample, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, node.JoinPath("/metrics").String(), nil)
	if err != nil {
		return fanoutSample{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return fanoutSample{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fanoutSample{}, fmt.Errorf("GET /metrics: status %d", resp.StatusCode)
	}
	var s fanoutSample
	found := 0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		switch name {
		case fanoutMetric + "_sum":
			s.sum, err = strconv.ParseFloat(val, 64)
			found++
		case fanoutMetric + "_count":
			s.count, err = strconv.ParseFloat(val, 64)
			found++
		}
		if err != nil {
			return fanoutSample{}, fmt.Errorf("GET /metrics: %s: %w", name, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fanoutSample{}, err
	}
	if found < 2 {
		return fanoutSample{}, fmt.Errorf("GET /metrics has no %s", fanoutMetric)
	}
	return s, nil
}

// fanoutBetween reports what a node's hub did between two samples.
func fanoutBetween(node string, before, after fanoutSample) FanoutReport {
	r := FanoutReport{Node: node, Broadcasts: int(after.count - before.count)}
	total := (after.sum - before.sum) * 1000
	r.TotalMs = math.Round(total*1000) / 1000
	if r.Broadcasts > 0 {
		r.MeanMs = math.Round(total/float64(r.Broadcasts)*1000) / 1000
	}
	return r
}

// sampleFanout reads every node's fanoutMetric; a node that cannot be read
// has an error instead.
func (r *runner) sampleFanout(ctx context.Context) ([]fanoutSample, []error) {
	samples := make([]fanoutSample, len(r.cfg.nodes))
	errs := make([]error, len(r.cfg.nodes))
	for i, n := range r.cfg.nodes {
		samples[i], errs[i] = readFanout(ctx, r.rest.http, n)
	}
	return samples, errs
}
