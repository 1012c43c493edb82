package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

func TestReadFanout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("# TYPE ting_hub_fanout_seconds histogram\n" +
			"ting_hub_fanout_seconds_bucket{le=\"0.001\"} 3\n" +
			"ting_hub_fanout_seconds_sum 0.125\n" +
			"ting_hub_fanout_seconds_count 7\n" +
			"ting_hub_connections 400\n"))
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	s, err := readFanout(context.Background(), srv.Client(), u)
	if err != nil || s.sum != 0.125 || s.count != 7 {
		t.Fatalf("readFanout = %+v, %v; want sum 0.125, count 7", s, err)
	}
	u.Path = "/nothing"
	if _, err := readFanout(context.Background(), srv.Client(), u); err == nil {
		t.Error("a node without the metric gave no error")
	}
}
