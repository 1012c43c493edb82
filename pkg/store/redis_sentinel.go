package store

import (
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// newSentinelClient makes a client of a master that Redis Sentinel watches,
// from go-redis's failover URL:
//
//	redis://[user:pass@]sentinel1:26379/db?master_name=mymaster&addr=sentinel2:26379&password=...
//
// The host and every addr are Sentinels; the user and password before the
// host are the Sentinels' own, the username and password query parameters
// the master's. The client follows the master through a failover; it is a
// *redis.Client, so notices use one shared subscription as on a standalone
// server.
func newSentinelClient(raw string) (redis.UniversalClient, error) {
	opt, err := parseSentinelURL(raw)
	if err != nil {
		return nil, err
	}
	return redis.NewFailoverClient(opt), nil
}

// errSentinelReplicas refuses the options that send commands to replicas:
// Ting writes every change and reads it back at once, so it talks to the
// master only (and go-redis's NewFailoverClient panics on the routing ones).
var errSentinelReplicas = errors.New("route_by_latency, route_randomly and replica_only read from replicas; Ting uses the master only")

func parseSentinelURL(raw string) (*redis.FailoverOptions, error) {
	opt, err := redis.ParseFailoverURL(raw)
	if err != nil {
		return nil, fmt.Errorf("store: parse redis sentinel url: %w", err)
	}
	if opt.MasterName == "" {
		return nil, errors.New("store: parse redis sentinel url: master_name is empty")
	}
	if opt.RouteByLatency || opt.RouteRandomly || opt.ReplicaOnly {
		return nil, fmt.Errorf("store: parse redis sentinel url: %w", errSentinelReplicas)
	}
	return opt, nil
}
