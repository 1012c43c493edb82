//go:build pprof

package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof" // profiles for load runs: go build -tags pprof
	"os"
)

// A binary built with -tags pprof serves net/http/pprof on
// TING_PPROF_ADDR (default 127.0.0.1:6060), for profiling under load
// (docs/performance.md). Release builds have no such listener.
func init() {
	addr := os.Getenv("TING_PPROF_ADDR")
	if addr == "" {
		addr = "127.0.0.1:6060"
	}
	go func() {
		if err := http.ListenAndServe(addr, nil); err != nil {
			fmt.Fprintln(os.Stderr, "ting: pprof:", err)
		}
	}()
}
