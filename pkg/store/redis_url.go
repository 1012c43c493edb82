package store

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/redis/go-redis/v9"
)

// ParseRedisURL makes a client from TING_REDIS_URL.
//
//	redis://host:port/db                             a standalone server (rediss:// for TLS)
//	redis://host1:port1?addr=host2:port2&addr=...    a Redis Cluster (*redis.ClusterClient)
//	redis://s1:26379/db?master_name=m&addr=s2:26379  the master Sentinels call m (see newSentinelClient)
//
// A master_name query parameter selects the Sentinel form, as in go-redis's
// ParseFailoverURL; otherwise an addr query parameter selects the cluster
// form, as in go-redis's ParseClusterURL. The caller owns the client and
// closes it.
func ParseRedisURL(raw string) (redis.UniversalClient, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL: it may hold a password
		}
		return nil, fmt.Errorf("store: parse redis url: %w", err)
	}
	if u.Query().Has("master_name") {
		return newSentinelClient(raw)
	}
	if u.Query().Has("addr") {
		opt, err := redis.ParseClusterURL(raw)
		if err != nil {
			return nil, fmt.Errorf("store: parse redis cluster url: %w", err)
		}
		return redis.NewClusterClient(opt), nil
	}
	opt, err := redis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("store: parse redis url: %w", err)
	}
	return redis.NewClient(opt), nil
}
